// Worker half of the M3 benchmark: scores the series it is handed and posts the scores back.
import { parentPort, workerData } from 'node:worker_threads';
import type { MethodName } from './methods';
import type { M3Series } from './testing/datasets';
import { scoreSeries } from './testing/m3-eval';

const { series, method } = workerData as { series: M3Series[]; method: MethodName };
parentPort!.postMessage(series.map((s) => scoreSeries(s, method)));
