import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import React from 'react';
import {glyphs} from '../../format/glyphs.js';
import type {PanelState} from '../../model/session-state.js';
import type {PanelView} from '../../view/screen.js';

/** The header's part of the panel's view (view/screen.ts). */
type Props = Pick<PanelView, 'title' | 'state' | 'elapsed' | 'progress' | 'note' | 'width'>;

const stateColors: Record<PanelState, string | undefined> = {
	idle: undefined,
	waiting: undefined,
	running: 'cyan',
	done: 'green',
	aborted: 'yellow',
};

/**
 * One line: strategy and concurrency, state, elapsed timer, progress. The one spinner that stands for
 * the whole panel is ink-spinner with its own timer (rows share the store's clock instead: one timer
 * per row would be a re-render per row per tick).
 */
function Header({title, state, elapsed, progress, note, width}: Props) {
	const dim = state === 'idle' || state === 'waiting';
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">
				<Text bold>{title}</Text>
				{note ? <Text color="magenta">{` (${note})`}</Text> : null}
				{'  '}
				<Text color={stateColors[state]} dimColor={dim}>
					{state === 'running' ? <><Spinner type={glyphs.spinner}/>{' '}</> : null}
					{state}
				</Text>
				{elapsed ? <Text>{`  ${elapsed}`}</Text> : null}
				{progress ? <Text dimColor>{`  ${progress}`}</Text> : null}
			</Text>
		</Box>
	);
}

export default React.memo(Header);
