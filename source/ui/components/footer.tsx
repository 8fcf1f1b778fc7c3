import {Box, Text} from 'ink';
import React from 'react';
import {glyphs} from '../../format/glyphs.js';

type Props = {
	/** Concurrency of the next parallel run. */
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
function Footer({concurrency, imageCount, status, width}: Props) {
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">
				<Key name="s" label="sequential"/>
				<Key name="p" label="parallel"/>
				<Key name="r" label="both"/>
				<Key name="+/-" label={`${glyphs.times}${concurrency}${concurrency >= imageCount ? ' (max)' : ''}`}/>
				<Key name="q" label="quit"/>
				{status ? <Text color="yellow">{status}</Text> : null}
			</Text>
		</Box>
	);
}

export default React.memo(Footer);
