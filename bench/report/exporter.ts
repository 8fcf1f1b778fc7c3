import type {BenchResults} from '../results.js';
import {jsonExporter} from './json.js';
import {markdownExporter} from './markdown.js';
import {tableExporter} from './table.js';

/** Turns the results into one output format (as hyperfine's `Exporter`). */
export type Exporter = {
	serialize(results: BenchResults): string;
};

export type ExportFormat = 'table' | 'json' | 'markdown';

export function exporterFor(format: ExportFormat): Exporter {
	switch (format) {
		case 'json': {
			return jsonExporter;
		}

		case 'markdown': {
			return markdownExporter;
		}

		case 'table': {
			return tableExporter;
		}
	}
}
