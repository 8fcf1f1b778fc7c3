import {Box, Text} from 'ink';
import React from 'react';
import {fitText} from '../../format/fit-text.js';
import {fitTitle, rowCells, summaryLayout} from '../../view/summary-layout.js';
import {variantRows, verdictLines, type SummaryVariant, type SummaryView} from '../../view/summary.js';

type Props = {
	readonly view: SummaryView;
	/** How much of it fits: every row, the compact rows, or only the verdict. */
	readonly variant: SummaryVariant;
	/** The verdict said whole, whatever the variant (view/summary.ts, summaryForms). */
	readonly whole?: boolean;
	readonly width: number;
};

/** One line of text, cut at the terminal's edge. */
function Line({width, children}: {readonly width: number; readonly children: React.ReactNode}) {
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">{children}</Text>
		</Box>
	);
}

/**
 * The strategies side by side (label, then one column each), then the verdict and the claim's
 * sentences as view/summary-verdict.ts lays them out. Columns that do not fit on one line come in
 * blocks, one under the other, each with its own title row.
 */
function Summary({view, variant, whole = false, width}: Props) {
	const layout = summaryLayout(view.titles.length, width);
	const {labelWidth, valueWidth} = layout;
	const rows = variantRows(view, variant);
	const lines = verdictLines(view, variant, width, whole);
	// Lines of one text each, in order: the index is what identifies each.
	return (
		<Box flexDirection="column" width={width}>
			{rows.length > 0 ? layout.groups.map((group, block) => (
				<Box key={group[0]} flexDirection="column" width={width}>
					<Line width={width}>
						<Text bold>
							{fitText(block === 0 ? 'Summary' : '', labelWidth)}
							{group.map(column => ` ${fitTitle(view.titles[column]!, valueWidth)}`).join('')}
						</Text>
					</Line>
					{rows.map(row => {
						const {label, values} = rowCells(row, layout);
						return (
							<Line key={row.label} width={width}>
								<Text dimColor>{fitText(label, labelWidth)}</Text>
								{group.map(column => ` ${fitText(values[column]!, valueWidth)}`).join('')}
							</Line>
						);
					})}
				</Box>
			)) : null}
			{view.note === undefined ? null : <Line width={width}><Text dimColor>{view.note}</Text></Line>}
			{lines.verdict.map((line, index) => (
				<Line key={`verdict${index}`} width={width}><Text bold color="green">{line}</Text></Line>
			))}
			{lines.claim.map((line, index) => (
				<Line key={`claim${index}`} width={width}><Text dimColor>{line}</Text></Line>
			))}
		</Box>
	);
}

export default React.memo(Summary);
