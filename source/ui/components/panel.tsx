import {Box, Text} from 'ink';
import React from 'react';
import type {PanelView} from '../../view/screen.js';
import CollapsedRow from './collapsed-row.js';
import Header from './header.js';
import ProgressRow from './progress-row.js';

type Props = {
	/** The strategy's header and its windowed rows. */
	readonly panel: PanelView;
};

/** One strategy: a header line, then one row per visible image and the collapsed counts. */
export default function Panel({panel}: Props) {
	return (
		<Box flexDirection="column" width={panel.width} flexShrink={0}>
			<Header title={panel.title} state={panel.state} elapsed={panel.elapsed} progress={panel.progress} note={panel.note} width={panel.width}/>
			{panel.empty ? (
				<Box width={panel.width} height={1} overflow="hidden">
					<Text dimColor wrap="truncate-end">{`  ${panel.empty}`}</Text>
				</Box>
			) : null}
			{panel.before ? <CollapsedRow text={panel.before} width={panel.width}/> : null}
			{panel.rows.map((row, line) => (
				// Keyed by line, not image: when an image leaves the window and another takes its line, the
				// row is updated in place instead of unmounted and mounted (new Ink and Yoga nodes).
				<ProgressRow key={line} cells={row} columns={panel.columns} width={panel.width}/>
			))}
			{panel.after ? <CollapsedRow text={panel.after} width={panel.width}/> : null}
		</Box>
	);
}
