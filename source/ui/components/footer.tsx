import {Box, Text} from 'ink';
import React from 'react';
import {footerKeys, keyGap, type FooterInput} from '../../view/footer-keys.js';

type Props = FooterInput;

const gap = ' '.repeat(keyGap);

function Key({name, label, first}: {readonly name: string; readonly label: string; readonly first: boolean}) {
	return (
		<Text>
			{first ? '' : gap}
			<Text bold color="cyan">{name}</Text>
			<Text dimColor>{` ${label}`}</Text>
		</Text>
	);
}

/** The keys, always on screen, laid out as footerWidth measures them: spaces after the last would count against the width and cut it. */
function Footer({strategies, concurrency, imageCount, status, width, chart}: Props) {
	const keys = footerKeys({strategies, concurrency, imageCount, status, width, chart});
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">
				{keys.map((entry, at) => <Key key={entry.key} name={entry.key} label={entry.label} first={at === 0}/>)}
				{status ? <Text color="yellow">{keys.length > 0 ? gap : ''}{status}</Text> : null}
			</Text>
		</Box>
	);
}

export default React.memo(Footer);
