import {Box, Text} from 'ink';
import React from 'react';
import {footerKeys} from '../../view/footer-keys.js';

type Props = {
	/** The rerun keys, one per strategy, in order. */
	readonly strategies: ReadonlyArray<{readonly key: string; readonly name: string}>;
	/** Concurrency asked of the next run. */
	readonly concurrency: number;
	readonly imageCount: number;
	/** "quitting…" while the in-flight run is being aborted. */
	readonly status: string | undefined;
	readonly width: number;
	/** A chart is shown in place of the panels. */
	readonly chart?: boolean;
};

function Key({name, label}: {readonly name: string; readonly label: string}) {
	return (
		<Text>
			<Text bold color="cyan">{name}</Text>
			<Text dimColor>{` ${label}  `}</Text>
		</Text>
	);
}

/** The keys, always on screen. */
function Footer({strategies, concurrency, imageCount, status, width, chart}: Props) {
	const keys = footerKeys({strategies, concurrency, imageCount, status, width, chart});
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">
				{keys.map(entry => <Key key={entry.key} name={entry.key} label={entry.label}/>)}
				{status ? <Text color="yellow">{status}</Text> : null}
			</Text>
		</Box>
	);
}

export default React.memo(Footer);
