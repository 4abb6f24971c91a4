/** Poll a condition until it holds, or fail after `ms` with what was awaited. */
export async function until(
  cond: () => boolean | Promise<boolean>,
  ms = 15_000,
  everyMs = 20,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end)
      throw new Error(`timed out after ${ms} ms waiting for ${cond.toString().slice(0, 120)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
