import {Text} from 'ink';
import React from 'react';
import type {RowColumns} from '../../view/row-columns.js';
import type {RowCells, RowTone} from '../../view/row-view.js';

type Props = {
	/** The row's text, field by field (already padded). */
	readonly cells: RowCells;
	readonly columns: RowColumns;
	/** The panel's width (rows are cut to it). */
	readonly width: number;
};

const toneColors: Record<RowTone, string | undefined> = {
	queued: undefined,
	running: 'cyan',
	retrying: 'yellow',
	done: 'green',
	failed: 'red',
	aborted: 'yellow',
};

/**
 * One image: index, spinner or ✓/✗, bar, bytes, speed, time, retries, dimensions, time to first
 * byte. The spinner frame comes with the cells (one clock for every row) rather than from a timer per
 * row: with ink-spinner in each row, every row's timer re-laid the whole app out 12 times a second.
 */
function ProgressRow({cells, columns}: Props) {
	const {tone} = cells;
	const ended = tone === 'failed' || tone === 'aborted';
	const plain = [
		!ended && columns.speed > 0 ? cells.speed : undefined,
		cells.time,
	].filter(field => field !== undefined).join(' ');
	const extra = [columns.dims > 0 ? cells.dims : undefined, columns.ttfb > 0 ? cells.ttfb : undefined].filter(field => field !== undefined).join(' ');
	// As few nested Texts as the colours allow: Ink's cost per frame grows with them.
	return (
		<Text wrap="truncate-end" dimColor={tone === 'queued'}>
			<Text dimColor>{cells.index}</Text>
			{' '}
			<Text color={toneColors[tone]}>{`${cells.icon} ${cells.bar}`}</Text>
			{!ended && columns.bytes > 0 ? (tone === 'retrying' ? <Text color="yellow">{` ${cells.bytes}`}</Text> : ` ${cells.bytes}`) : null}
			{` ${plain}`}
			{columns.retry > 0 ? (cells.retry.trim() ? <Text color="yellow">{` ${cells.retry}`}</Text> : ` ${cells.retry}`) : null}
			{extra.trim() ? <Text dimColor>{` ${extra}`}</Text> : null}
		</Text>
	);
}

export default React.memo(ProgressRow, (a, b) => a.width === b.width && sameColumns(a.columns, b.columns) && sameCells(a.cells, b.cells));

function sameColumns(a: RowColumns, b: RowColumns): boolean {
	return a === b || (a.index === b.index && a.bar === b.bar && a.bytes === b.bytes && a.speed === b.speed && a.time === b.time
		&& a.retry === b.retry && a.dims === b.dims && a.ttfb === b.ttfb);
}

function sameCells(a: RowCells, b: RowCells): boolean {
	return a.tone === b.tone && a.icon === b.icon && a.index === b.index && a.bar === b.bar && a.bytes === b.bytes && a.speed === b.speed
		&& a.time === b.time && a.retry === b.retry && a.dims === b.dims && a.ttfb === b.ttfb;
}
