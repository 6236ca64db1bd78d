// Worker half of the M3 benchmark: scores series taken off the shared counter and posts the scores back.
import { parentPort, workerData } from 'node:worker_threads';
import type { MethodName } from './methods';
import type { M3Series } from './testing/datasets';
import { scoreSeries, type SeriesScore } from './testing/m3-eval';

const { series, method, next } = workerData as { series: M3Series[]; method: MethodName; next: Int32Array };
const scores: SeriesScore[] = [];
for (let i = Atomics.add(next, 0, 1); i < series.length; i = Atomics.add(next, 0, 1)) scores.push(scoreSeries(series[i], method));
parentPort!.postMessage(scores);
