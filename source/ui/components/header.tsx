import {Box, Text} from 'ink';
import React from 'react';
import type {PanelState} from '../../state/session-state.js';

type Props = {
	/** "Sequential ×1", "Parallel ×8". */
	readonly title: string;
	readonly state: PanelState;
	/** Live elapsed time or the wall time. */
	readonly elapsed: string;
	/** "7/10 · 1 failed". */
	readonly progress: string;
	/** "next ×9". */
	readonly note: string | undefined;
	/** Spinner frame while running (from the store's clock, like the rows'). */
	readonly spinner: string;
	readonly width: number;
};

const stateColors: Record<PanelState, string | undefined> = {
	idle: undefined,
	waiting: undefined,
	running: 'cyan',
	done: 'green',
	aborted: 'yellow',
};

/** One line: strategy and concurrency, state, elapsed timer, progress. */
function Header({title, state, elapsed, progress, note, spinner, width}: Props) {
	const dim = state === 'idle' || state === 'waiting';
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">
				<Text bold>{title}</Text>
				{note ? <Text color="magenta">{` (${note})`}</Text> : null}
				{'  '}
				<Text color={stateColors[state]} dimColor={dim}>{state === 'running' ? `${spinner} ${state}` : state}</Text>
				{elapsed ? <Text>{`  ${elapsed}`}</Text> : null}
				{progress ? <Text dimColor>{`  ${progress}`}</Text> : null}
			</Text>
		</Box>
	);
}

export default React.memo(Header);
