import { createTransport } from "nodemailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends one email through `SMTP_URL` (smtp://user:pass@host:port, smtps:// for TLS). Returns whether
 * it was sent: no SMTP configured is not an error, and a failed send is logged without its content.
 */
export async function sendMail(message: MailMessage, smtpUrl = process.env.SMTP_URL): Promise<boolean> {
  if (!smtpUrl) return false;
  try {
    const transport = createTransport(smtpUrl);
    await transport.sendMail({ from: process.env.SMTP_FROM ?? "Switchyard <switchyard@localhost>", ...message });
    transport.close();
    return true;
  } catch (error) {
    console.error(`[mail] could not send "${message.subject}": ${(error as Error).message}`);
    return false;
  }
}
