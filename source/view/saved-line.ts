import path from 'node:path';
import type {SessionSnapshot} from './snapshot.js';

/**
 * Where the images went, for the last frame: the folders of the strategies that ran, under their
 * common parent when they share one ("saved in images/: sequential/ parallel/"); undefined before any
 * run. The folders come from the run-started events, already made displayable. Pure.
 */
export function savedLine(snapshot: Pick<SessionSnapshot, 'strategies'>): string | undefined {
	const folders = snapshot.strategies.flatMap(view => (view.run ? [view.run.outDir] : []));
	if (folders.length === 0) {
		return undefined;
	}

	const parents = new Set(folders.map(folder => path.dirname(folder)));
	if (parents.size === 1) {
		const parent = [...parents][0]!;
		return `saved in ${parent}${parent.endsWith(path.sep) ? '' : path.sep}: ${folders.map(folder => `${path.basename(folder)}${path.sep}`).join(' ')}`;
	}

	return `saved in ${folders.map(folder => `${folder}${path.sep}`).join(' ')}`;
}
