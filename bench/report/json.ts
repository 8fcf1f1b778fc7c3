import type {BenchResults} from '../results.js';
import type {Exporter} from './exporter.js';

/** Every figure, as the `BenchResults` contract names them. Non-finite numbers become null. */
export const jsonExporter: Exporter = {
	serialize(results: BenchResults): string {
		return `${JSON.stringify(results, (_key, value: unknown) => typeof value === 'number' && !Number.isFinite(value) ? null : value, 2)}\n`;
	},
};
