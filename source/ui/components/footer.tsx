import {Box, Text} from 'ink';
import React from 'react';
import {glyphs} from '../../format/glyphs.js';

type Props = {
	/** The rerun keys, one per strategy, in order. */
	readonly strategies: ReadonlyArray<{readonly key: string; readonly name: string}>;
	/** Concurrency asked of the next run. */
	readonly concurrency: number;
	readonly imageCount: number;
	/** "quitting…" while the in-flight run is being aborted. */
	readonly status: string | undefined;
	readonly width: number;
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
function Footer({strategies, concurrency, imageCount, status, width}: Props) {
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">
				{strategies.map(strategy => <Key key={strategy.key} name={strategy.key} label={strategy.name}/>)}
				<Key name="r" label={strategies.length === 2 ? 'both' : 'all'}/>
				<Key name="+/-" label={`${glyphs.times}${concurrency}${concurrency >= imageCount ? ' (max)' : ''}`}/>
				<Key name="q" label="quit"/>
				{status ? <Text color="yellow">{status}</Text> : null}
			</Text>
		</Box>
	);
}

export default React.memo(Footer);
