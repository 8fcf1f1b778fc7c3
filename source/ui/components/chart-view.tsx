import {Box, Text} from 'ink';
import React from 'react';

type Props = {
	/** The chart's lines, the first its title; none wider than `width`. */
	readonly lines: readonly string[];
	readonly width: number;
};

/** A chart (timeline, histograms) in place of the panels and the summary. */
function ChartView({lines, width}: Props) {
	return (
		<Box flexDirection="column" width={width}>
			{lines.map((line, at) => (
				// Lines have no identity of their own; their place is what they are.
				<Box key={at} width={width} height={1} overflow="hidden">
					<Text wrap="truncate-end" bold={at === 0}>{line === '' ? ' ' : line}</Text>
				</Box>
			))}
		</Box>
	);
}

export default React.memo(ChartView);
