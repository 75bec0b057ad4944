/**
 * The savings report as a PDF, rendered on the server by @react-pdf/renderer (no browser): the heading (the
 * baseline named, the period, assumptions), a bar chart of actual against baseline by month, a line chart of
 * savings by month, and the same tables the page shows (lib/savings/figures.ts).
 */
import { Document, G, Line, Page, Polyline, Rect, StyleSheet, Svg, Text, View } from '@react-pdf/renderer';
import { formatAxisDollars } from '@/lib/format';
import type { FigureTable } from '@/lib/savings/figures';

const styles = StyleSheet.create({
  page: { padding: 32, fontSize: 8, fontFamily: 'Helvetica', color: '#111827' },
  title: { fontSize: 16, marginBottom: 4, fontFamily: 'Helvetica-Bold' },
  heading: { fontSize: 8, color: '#374151', marginBottom: 1 },
  section: { marginTop: 12 },
  tableTitle: { fontSize: 10, fontFamily: 'Helvetica-Bold', marginBottom: 3 },
  row: { flexDirection: 'row', borderBottomWidth: 0.5, borderBottomColor: '#d1d5db', paddingVertical: 2 },
  headRow: { flexDirection: 'row', borderBottomWidth: 1, borderBottomColor: '#111827', paddingVertical: 2 },
  cell: { flex: 1, paddingRight: 3 },
  headCell: { flex: 1, paddingRight: 3, fontFamily: 'Helvetica-Bold' },
  legend: { flexDirection: 'row', gap: 10, marginTop: 2, fontSize: 7, color: '#374151' },
});

/**
 * The built-in Helvetica encodes WinAnsi only: characters outside it (the minus sign of "actual − baseline") would
 * be dropped from the PDF. They are written as their nearest WinAnsi text instead.
 */
const WIN_ANSI = new Map([
  ['\u2212', '-'],
  ['\u2192', '->'],
  ['\u2264', '<='],
  ['\u2265', '>='],
  ['\u00a0', ' '],
]);
export const pdfText = (s: string) => s.replace(/[\u2212\u2192\u2264\u2265\u00a0]/g, (c) => WIN_ANSI.get(c) ?? c);

export interface MonthBar {
  month: string;
  actualMicros: number;
  baselineMicros: number;
  savingsMicros: number;
}

const CHART_W = 520;
const CHART_H = 120;
const AXIS = 36;

function BarChart({ months }: { months: readonly MonthBar[] }) {
  const max = Math.max(1, ...months.map((m) => Math.max(m.actualMicros, m.baselineMicros)));
  const slot = (CHART_W - AXIS) / Math.max(1, months.length);
  const bar = Math.max(2, Math.min(18, slot / 3));
  const y = (v: number) => CHART_H - 12 - (Math.max(0, v) / max) * (CHART_H - 20);
  return (
    <View>
      <Svg width={CHART_W} height={CHART_H}>
        <Line x1={AXIS} y1={CHART_H - 12} x2={CHART_W} y2={CHART_H - 12} stroke="#6b7280" strokeWidth={0.5} />
        <Text x={0} y={10} style={{ fontSize: 6 }}>
          {formatAxisDollars(max)}
        </Text>
        {months.map((m, i) => {
          const x = AXIS + i * slot + slot / 2 - bar;
          return (
            <G key={m.month}>
              <Rect x={x} y={y(m.baselineMicros)} width={bar} height={CHART_H - 12 - y(m.baselineMicros)} fill="#9ca3af" />
              <Rect x={x + bar} y={y(m.actualMicros)} width={bar} height={CHART_H - 12 - y(m.actualMicros)} fill="#2563eb" />
              <Text x={x - 4} y={CHART_H - 2} style={{ fontSize: 6 }}>
                {m.month}
              </Text>
            </G>
          );
        })}
      </Svg>
      <View style={styles.legend}>
        <Text>Grey: baseline cost</Text>
        <Text>Blue: actual cost</Text>
      </View>
    </View>
  );
}

function LineChart({ months }: { months: readonly MonthBar[] }) {
  const values = months.map((m) => m.savingsMicros);
  const max = Math.max(1, ...values);
  const min = Math.min(0, ...values);
  const slot = (CHART_W - AXIS) / Math.max(1, months.length);
  const y = (v: number) => CHART_H - 12 - ((v - min) / (max - min)) * (CHART_H - 20);
  const points = months.map((m, i) => `${AXIS + i * slot + slot / 2},${y(m.savingsMicros)}`).join(' ');
  return (
    <View>
      <Svg width={CHART_W} height={CHART_H}>
        <Line x1={AXIS} y1={y(0)} x2={CHART_W} y2={y(0)} stroke="#6b7280" strokeWidth={0.5} />
        <Text x={0} y={10} style={{ fontSize: 6 }}>
          {formatAxisDollars(max)}
        </Text>
        <Polyline points={points} stroke="#059669" strokeWidth={1.5} fill="none" />
        {months.map((m, i) => (
          <Text key={m.month} x={AXIS + i * slot + slot / 2 - 12} y={CHART_H - 2} style={{ fontSize: 6 }}>
            {m.month}
          </Text>
        ))}
      </Svg>
      <View style={styles.legend}>
        <Text>Green: total savings by month</Text>
      </View>
    </View>
  );
}

function Table({ table }: { table: FigureTable }) {
  return (
    <View style={styles.section} wrap={false}>
      <Text style={styles.tableTitle}>{pdfText(table.title)}</Text>
      <View style={styles.headRow}>
        {table.columns.map((c) => (
          <Text key={c} style={styles.headCell}>
            {pdfText(c)}
          </Text>
        ))}
      </View>
      {table.rows.map((r) => (
        <View key={`${table.id}-${r[0]}`} style={styles.row}>
          {r.map((c, j) => (
            <Text key={table.columns[j]} style={styles.cell}>
              {pdfText(c)}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}

export function SavingsReportPdf({
  title,
  heading,
  months,
  tables,
}: {
  title: string;
  heading: readonly string[];
  months: readonly MonthBar[];
  tables: readonly FigureTable[];
}) {
  return (
    <Document title={title} author="Switchyard">
      <Page size="A4" orientation="landscape" style={styles.page}>
        <Text style={styles.title}>{pdfText(title)}</Text>
        {heading.map((h) => (
          <Text key={h} style={styles.heading}>
            {pdfText(h)}
          </Text>
        ))}
        <View style={styles.section}>
          <Text style={styles.tableTitle}>Actual and baseline cost by month</Text>
          <BarChart months={months} />
        </View>
        <View style={styles.section}>
          <Text style={styles.tableTitle}>Savings by month</Text>
          <LineChart months={months} />
        </View>
        {tables.map((t) => (
          <Table key={t.id} table={t} />
        ))}
      </Page>
    </Document>
  );
}
