import path from 'node:path';
import {columnsOf} from '../charts/text-width.js';
import type {SessionSnapshot} from './snapshot.js';

type SavedView = Pick<SessionSnapshot['strategies'][number], 'run' | 'history'>;

/** Whether any run of the strategy saved an image: its folder holds something of this session's. */
function savedAny(view: SavedView): boolean {
	return (view.run?.ok ?? 0) > 0 || view.history.some(run => run.ok > 0);
}

/**
 * Where the images went, for the last frame: the folders of the strategies that saved an image, under
 * their common parent when they share one ("saved in images/: sequential/ parallel/"), the folders
 * counted instead of named when that does not fit `width`; "no image saved" when runs saved none (every
 * image failed or was aborted); undefined before any run. The folders come from the run-started events,
 * already made displayable. Pure.
 */
export function savedLine(snapshot: Pick<SessionSnapshot, 'strategies'>, width = Number.POSITIVE_INFINITY): string | undefined {
	const ran = snapshot.strategies.filter(view => view.run !== undefined);
	if (ran.length === 0) {
		return undefined;
	}

	const folders = ran.filter(view => savedAny(view)).map(view => view.run!.outDir);
	if (folders.length === 0) {
		return 'no image saved: every one failed or was aborted';
	}

	const parents = new Set(folders.map(folder => path.dirname(folder)));
	if (parents.size !== 1) {
		return `saved in ${folders.map(folder => `${folder}${path.sep}`).join(' ')}`;
	}

	const parent = [...parents][0]!;
	const head = `saved in ${parent}${parent.endsWith(path.sep) ? '' : path.sep}`;
	const named = `${head}: ${folders.map(folder => `${path.basename(folder)}${path.sep}`).join(' ')}`;
	return columnsOf(named) <= width || folders.length === 1 ? named : `${head} (${folders.length} folders)`;
}
