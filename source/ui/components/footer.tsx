import {Box, Text} from 'ink';
import React from 'react';
import {footerKeys, type FooterInput} from '../../view/footer-keys.js';

type Props = FooterInput;

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
