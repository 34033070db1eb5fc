// One engine session in a worker thread, for measure.mjs quality: a query that does not come
// back in time (Pagefind 1.6 can spend many minutes on a short word such as `new` at 10,000
// pages) is stopped by terminating the worker, without losing the rest of the run.
import { parentPort, workerData } from "node:worker_threads";
import { opsbookSession, pagefindSession } from "./engines.mjs";

const make = { opsbook: opsbookSession, pagefind: pagefindSession }[workerData.tool];
const session = await make(workerData.site);
parentPort.on("message", async ({ query, n }) => {
  try {
    parentPort.postMessage({ got: await session.top(query, n) });
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.stack) || e) });
  }
});
parentPort.postMessage({ ready: true });
