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
    await deliverMail(message, smtpUrl);
    return true;
  } catch (error) {
    console.error(`[mail] could not send "${message.subject}": ${(error as Error).message}`);
    return false;
  }
}

/**
 * Sends one email through the given SMTP URL and throws when it is not sent, for callers that record
 * why (alert deliveries). `timeoutMs` bounds connecting, the greeting and every socket wait.
 */
export async function deliverMail(message: MailMessage, smtpUrl: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const timeouts = options.timeoutMs ? { connectionTimeout: options.timeoutMs, greetingTimeout: options.timeoutMs, socketTimeout: options.timeoutMs } : {};
  const transport = createTransport({ url: smtpUrl, ...timeouts });
  try {
    await transport.sendMail({ from: process.env.SMTP_FROM ?? "Switchyard <switchyard@localhost>", ...message });
  } finally {
    transport.close();
  }
}
