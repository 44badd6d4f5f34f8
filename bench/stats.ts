/** Small statistics for benchmarks: every figure is printed beside a baseline measured in the same run. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export function summary(name: string, samples: number[]): { name: string; median: number; p99: number } {
  return { name, median: percentile(samples, 50), p99: percentile(samples, 99) };
}

export function printRatio(subject: ReturnType<typeof summary>, baseline: ReturnType<typeof summary>, unit = 'ms'): void {
  const f = (n: number) => n.toFixed(2);
  console.log(`${subject.name}: median ${f(subject.median)} ${unit}, p99 ${f(subject.p99)} ${unit}`);
  console.log(`${baseline.name}: median ${f(baseline.median)} ${unit}, p99 ${f(baseline.p99)} ${unit}`);
  console.log(`ratio (${subject.name} / ${baseline.name}): median ${f(subject.median / baseline.median)}, p99 ${f(subject.p99 / baseline.p99)}`);
}

export function progress(label: string, done: number, total: number): void {
  if (done === total || done % Math.max(1, Math.floor(total / 10)) === 0) process.stderr.write(`[${label}] ${done}/${total}\n`);
}

/** Runs `task(i)` for i in [0, count) with `concurrency` in flight; per-call milliseconds. */
export async function concurrently(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await task(i);
        times.push(performance.now() - t);
      }
    }),
  );
  return times;
}
