// Next calls register() once per server start, for each runtime. The Node.js work lives in its own
// module behind this literal check so the Edge bundle never includes it.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await (await import("./instrumentation-node")).registerNode();
  }
}
