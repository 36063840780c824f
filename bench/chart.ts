/** A grouped bar chart as SVG, on a log scale: the benchmark's numbers span four orders of magnitude. */
export interface BarChart {
  title: string;
  groups: Array<{ label: string; values: number[] }>;
  series: string[];
  /** Marks bars whose run did not finish. */
  failed: boolean[][];
}

const COLORS = ['#1a73e8', '#c5221f'];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function barChartSvg(chart: BarChart): string {
  const width = 960;
  const height = 420;
  const left = 60;
  const bottom = 70;
  const top = 50;
  const plotHeight = height - top - bottom;
  const max = Math.max(...chart.groups.flatMap((group) => group.values), 10);
  // From 0.1: the fastest runs take under a second.
  const lowest = -1;
  const decades = Math.ceil(Math.log10(max)) - lowest;
  const y = (value: number) => top + plotHeight - ((Math.log10(Math.max(value, 0.1)) - lowest) / decades) * plotHeight;
  const groupWidth = (width - left - 20) / chart.groups.length;
  const barWidth = (groupWidth * 0.7) / chart.series.length;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${left}" y="24" font-size="14" font-weight="bold">${escapeXml(chart.title)}</text>`,
  ];
  for (let decade = 0; decade <= decades; decade++) {
    const value = 10 ** (decade + lowest);
    parts.push(`<line x1="${left}" x2="${width - 20}" y1="${y(value)}" y2="${y(value)}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${left - 6}" y="${y(value) + 4}" text-anchor="end" fill="#5f6368">${value.toLocaleString('en-US')}</text>`);
  }
  chart.groups.forEach((group, g) => {
    const x0 = left + g * groupWidth + groupWidth * 0.15;
    group.values.forEach((value, s) => {
      const x = x0 + s * barWidth;
      parts.push(
        `<rect x="${x}" y="${y(value)}" width="${barWidth - 2}" height="${top + plotHeight - y(value)}" fill="${COLORS[s % COLORS.length]}"/>`,
      );
      const label = chart.failed[g][s] ? '✗' : value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
      parts.push(`<text x="${x + barWidth / 2 - 1}" y="${y(value) - 4}" text-anchor="middle" font-size="10">${label}</text>`);
    });
    parts.push(
      `<text x="${x0 + (barWidth * group.values.length) / 2}" y="${top + plotHeight + 18}" text-anchor="middle">${escapeXml(group.label)}</text>`,
    );
  });
  chart.series.forEach((name, s) => {
    const x = left + s * 300;
    parts.push(`<rect x="${x}" y="${height - 28}" width="12" height="12" fill="${COLORS[s % COLORS.length]}"/>`);
    parts.push(`<text x="${x + 18}" y="${height - 18}">${escapeXml(name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
