import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import React from 'react';
import type {RowColumns} from '../../state/layout.js';
import type {RowCells, RowTone} from '../../state/row-view.js';

type Props = {
	/** The row's text, field by field (already padded). */
	readonly cells: RowCells;
	readonly columns: RowColumns;
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

function Icon({tone}: {readonly tone: RowTone}) {
	switch (tone) {
		case 'running':
		case 'retrying': {
			return <Text color={toneColors[tone]}><Spinner type="dots"/></Text>;
		}

		case 'done': {
			return <Text color="green">✓</Text>;
		}

		case 'failed': {
			return <Text color="red">✗</Text>;
		}

		case 'aborted': {
			return <Text color="yellow">⊘</Text>;
		}

		case 'queued': {
			return <Text dimColor>·</Text>;
		}
	}
}

/** One image: index, spinner or ✓/✗, bar, bytes, speed, time, retries, dimensions, time to first byte. */
function ProgressRow({cells, columns, width}: Props) {
	const {tone} = cells;
	const queued = tone === 'queued';
	const ended = tone === 'failed' || tone === 'aborted';
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end" dimColor={queued}>
				<Text dimColor>{cells.index}</Text>
				{' '}
				<Icon tone={tone}/>
				{' '}
				<Text color={ended ? toneColors[tone] : (queued ? undefined : toneColors[tone])}>{cells.bar}</Text>
				{!ended && columns.bytes > 0 ? <Text color={tone === 'retrying' ? 'yellow' : undefined}>{` ${cells.bytes}`}</Text> : null}
				{!ended && columns.speed > 0 ? <Text dimColor={tone === 'done'}>{` ${cells.speed}`}</Text> : null}
				{` ${cells.time}`}
				{columns.retry > 0 ? <Text color="yellow">{` ${cells.retry}`}</Text> : null}
				{columns.dims > 0 ? <Text dimColor>{` ${cells.dims}`}</Text> : null}
				{columns.ttfb > 0 ? <Text dimColor>{` ${cells.ttfb}`}</Text> : null}
			</Text>
		</Box>
	);
}

export default React.memo(ProgressRow, (a, b) => a.width === b.width && sameColumns(a.columns, b.columns) && sameCells(a.cells, b.cells));

function sameColumns(a: RowColumns, b: RowColumns): boolean {
	return a === b || (a.index === b.index && a.bar === b.bar && a.bytes === b.bytes && a.speed === b.speed && a.time === b.time
		&& a.retry === b.retry && a.dims === b.dims && a.ttfb === b.ttfb);
}

function sameCells(a: RowCells, b: RowCells): boolean {
	return a.tone === b.tone && a.index === b.index && a.bar === b.bar && a.bytes === b.bytes && a.speed === b.speed
		&& a.time === b.time && a.retry === b.retry && a.dims === b.dims && a.ttfb === b.ttfb;
}
