// Statistics over samples (mean, standard deviation, quantiles, a ratio with its spread). Pure, no I/O.
export {mean, quantileSorted, ratioWithSpread, standardDeviation, summarize, type Summary} from './statistics.js';
