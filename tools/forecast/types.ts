/** Point forecasts with one prediction interval. */
export type Interval = { mean: number[]; lower: number[]; upper: number[] };
