// What the benchmarks share: the median, and the median time of an async action after a warm-up.

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Medians of 5 runs unless told. */
export async function timeMs(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}
