/**
 * What the page runs, after uPlot: draws every chart of the embedded specs (chart-spec.ts) into its
 * placeholder. Plain browser JavaScript, kept as text: it is never run by Node.
 */
export const chartsScript = String.raw`
(function () {
	var specs = JSON.parse(document.getElementById('imgrace-charts').textContent);
	var places = document.querySelectorAll('[data-chart]');
	for (var i = 0; i < places.length; i++) {
		var place = places[i];
		var spec = specs[Number(place.getAttribute('data-chart'))];
		if (!spec) continue;
		var bars = spec.kind === 'bars';
		var series = [{label: spec.xLabel}];
		var data = [spec.x];
		spec.series.forEach(function (one) {
			series.push({
				label: one.label,
				stroke: one.colour,
				fill: bars ? one.colour + 'bb' : undefined,
				width: bars ? 1 : 2,
				dash: one.dash ? [6, 4] : undefined,
				paths: bars ? uPlot.paths.bars({size: [0.9, 60]}) : undefined,
				points: {show: !bars}
			});
			data.push(one.values);
		});
		var width = Math.min(place.clientWidth || 560, 560);
		// Bars stand on their bucket's middle: half a bucket either side so the first and last show whole.
		var xScale = bars ? {time: false, range: function (u) {
			var x = u.data[0], half = x.length > 1 ? (x[1] - x[0]) / 2 : 1;
			return [x[0] - half, x[x.length - 1] + half];
		}} : {time: false};
		new uPlot({
			title: spec.title,
			width: width,
			height: 220,
			scales: {x: xScale},
			axes: [{label: spec.xLabel}, {label: spec.yLabel}],
			series: series,
			legend: {show: !bars}
		}, data, place);
	}
})();
`;
