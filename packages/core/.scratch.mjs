import { connect, headers } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, AckPolicy } from "@nats-io/jetstream";
const nc = await connect({ servers: "127.0.0.1:4222" });
const jsm = await jetstreamManager(nc);
const name = "SCRATCH_" + Date.now();
const si = await jsm.streams.add({ name, subjects: [`scratch${Date.now()}.>`.replace(/\d+/, "x" + process.pid)] });
console.log("created", si.created, si.config.subjects, si.config.duplicate_window);
const subj = si.config.subjects[0].replace(">", "a.b");
const inbox = nc.subscribe("my.inbox." + process.pid);
// core request with reply: who answers?
const r = await nc.request(subj, JSON.stringify({ x: 1 }), { timeout: 2000 });
console.log("reply to core request:", r.string());
await jsm.consumers.add(name, { durable_name: "d1", ack_policy: AckPolicy.Explicit });
const js = jetstream(nc);
const h = headers(); h.set("Nats-Msg-Id", "m1");
console.log(await js.publish(subj, "{}", { msgID: "m1" }));
console.log(await js.publish(subj, "{}", { msgID: "m1" }));
const c = await js.consumers.get(name, "d1");
const m = await c.next({ expires: 2000 });
console.log("subject", m.subject, "seq", m.seq, "info", m.info.streamSequence, m.info.deliveryCount, "headers", m.headers && [...m.headers.keys()]);
m.ack();
const m2 = await c.next({ expires: 2000 });
console.log("second", m2?.seq, m2?.headers?.get("Nats-Msg-Id"));
m2?.ack();
const m3 = await c.next({ expires: 1000 });
console.log("third", m3);
try { await jsm.streams.info("NOPE_X"); } catch (e) { console.log("err", e.constructor.name, e.code, e.message, e.api_error ?? e.apiError); }
await jsm.streams.delete(name);
await nc.close();
