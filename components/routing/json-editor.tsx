'use client';

import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { type Ref, useEffect, useImperativeHandle, useRef } from 'react';
import type { RoutingIssue } from '@/lib/routing/issues';
import { jsonLocations, spanOfPointer } from '@/lib/routing/json-locations';

export interface JsonEditorHandle {
  /** Moves the cursor to an issue's place and scrolls it into view. */
  reveal(issue: RoutingIssue): void;
}

/** Each issue as a CodeMirror diagnostic at the place its JSON pointer names in `text`. */
export function issueDiagnostics(text: string, issues: readonly RoutingIssue[]): Diagnostic[] {
  const locations = jsonLocations(text);
  return issues.map((i) => {
    // invalid_json has no pointer into a document that does not parse: mark the whole text.
    const span = spanOfPointer(locations, i.path, text.length);
    return {
      from: Math.min(span.from, text.length),
      to: Math.min(span.to, text.length),
      severity: i.severity,
      message: `${i.message} (${i.code})`,
    };
  });
}

/**
 * The whole document as JSON in CodeMirror 6; validation issues are shown at their lines (gutter markers
 * and underlines). `text` from outside (the form, a reload) replaces the editor's content when it differs.
 */
export function JsonEditor({
  text,
  issues,
  onChange,
  ref,
}: {
  text: string;
  issues: readonly RoutingIssue[];
  onChange: (text: string) => void;
  ref?: Ref<JsonEditorHandle>;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  // The editor is created once; later text arrives through the effect below.
  // biome-ignore lint/correctness/useExhaustiveDependencies: created once, with the first text
  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: text,
        extensions: [
          lineNumbers(),
          history(),
          bracketMatching(),
          highlightActiveLine(),
          syntaxHighlighting(defaultHighlightStyle),
          json(),
          lintGutter(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          EditorView.contentAttributes.of({ 'aria-label': 'Routing document (JSON)' }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
          }),
          EditorView.theme({ '&': { fontSize: '13px', maxHeight: '560px' }, '.cm-scroller': { overflow: 'auto' } }),
        ],
      }),
    });
    view.current = v;
    return () => v.destroy();
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const current = v.state.doc.toString();
    if (current !== text) v.dispatch({ changes: { from: 0, to: current.length, insert: text } });
    v.dispatch(setDiagnostics(v.state, issueDiagnostics(text, issues)));
  }, [text, issues]);

  useImperativeHandle(ref, () => ({
    reveal(issue) {
      const v = view.current;
      if (!v) return;
      const doc = v.state.doc.toString();
      const span = spanOfPointer(jsonLocations(doc), issue.path, doc.length);
      v.dispatch({ selection: { anchor: Math.min(span.from, doc.length) }, scrollIntoView: true });
      v.focus();
    },
  }));

  return <div ref={host} className="overflow-hidden rounded-md border border-slate-300" data-testid="json-editor" />;
}
