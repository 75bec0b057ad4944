'use client';

import { useRouter } from 'next/navigation';
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import type { ErrorBody } from '@/lib/errors';
import type { ModelOption } from '@/lib/pricing/model-options';
import { type DraftDocument, documentText, readDraftText } from '@/lib/routing/editing';
import type { RoutingIssue } from '@/lib/routing/issues';
import { parseRoutingDocument } from '@/lib/routing/parse';
import { Card } from '@/components/ui/card';
import { EditorTabs, type EditorTab } from './editor-tabs';
import { FormEditor } from './form-editor';
import { IssueList } from './issue-list';
import { JsonEditor, type JsonEditorHandle } from './json-editor';
import { ModelOptionsList } from './model-picker';
import { PublishForm } from './publish-form';
import { SaveBar } from './save-bar';
import { TryRequest } from './try-request';
import type { BudgetChoice, PublishDraftAction, SaveDraftAction, SavedDraft } from './types';

/**
 * One draft, edited as a form or as JSON (the same text underneath), saved with the revision it was loaded at.
 * Issues: while editing, what the document alone says (schema, default, ids, pre-emption); after a save, what
 * the server says with what it knows (models, prices, budgets). A refused save keeps every character typed.
 */
export function DraftEditor({
  draftId,
  initial,
  canPublish,
  options,
  budgets,
  nextVersion,
  save,
  publish,
}: {
  draftId: string;
  initial: SavedDraft;
  canPublish: boolean;
  options: readonly ModelOption[];
  budgets: readonly BudgetChoice[];
  nextVersion: number;
  save: SaveDraftAction;
  publish: PublishDraftAction;
}) {
  const router = useRouter();
  const [tab, setTab] = useState<EditorTab>('form');
  const [text, setText] = useState(() => documentText(initial.document));
  const [saved, setSaved] = useState({ revision: initial.revision, text: documentText(initial.document), issues: initial.issues });
  const [failure, setFailure] = useState<ErrorBody | null>(null);
  const [serverIssues, setServerIssues] = useState<RoutingIssue[] | null>(null);
  const [pending, setPending] = useState(false);
  const editor = useRef<JsonEditorHandle>(null);
  const optionMap = useMemo(() => new Map(options.map((o) => [o.id.toLowerCase(), o])), [options]);

  const checked = useDeferredValue(text);
  const live = useMemo(() => parseRoutingDocument(checked), [checked]);
  const dirty = text !== saved.text;
  const issues = serverIssues ?? (dirty ? live.issues : saved.issues);
  const doc: DraftDocument | null = useMemo(() => readDraftText(text), [text]);

  const edit = (next: string) => {
    setText(next);
    setServerIssues(null);
  };

  async function onSave(revision = saved.revision) {
    setPending(true);
    setFailure(null);
    const result = await save(null, { id: draftId, revision, document: text });
    setPending(false);
    if (!result.ok) {
      setFailure(result.error);
      setServerIssues(result.error.issues ? (result.error.issues as RoutingIssue[]) : null);
      return;
    }
    const normalised = documentText(result.data.document);
    setText(normalised);
    setServerIssues(null);
    setSaved({ revision: result.data.revision, text: normalised, issues: result.data.issues });
    // The traffic share and the changes below are of the saved draft: reload them (this editor keeps its state).
    router.refresh();
  }

  async function onPublish(note: string) {
    const result = await publish(null, { id: draftId, revision: saved.revision, note });
    if (!result.ok) return result;
    router.push(`/routing?from=${result.data.version - 1}&to=${result.data.version}#diff`);
    return result;
  }

  return (
    <div className="space-y-6">
      <ModelOptionsList options={options} />
      <Card title="Edit" description="Changes stay in this page until you save; every save is validated.">
        <div className="mb-4 space-y-3 border-b border-slate-100 pb-4">
          <SaveBar
            dirty={dirty}
            pending={pending}
            revision={saved.revision}
            failure={failure}
            onSave={() => onSave()}
            onOverwrite={(rev) => onSave(rev)}
            onDiscard={() => window.location.reload()}
          />
          <IssueList
            issues={issues}
            onShow={(i) => {
              setTab('json');
              requestAnimationFrame(() => editor.current?.reveal(i));
            }}
          />
          {dirty && !serverIssues ? (
            <p className="text-xs text-slate-500">Unknown models, prices and budgets are checked when you save.</p>
          ) : null}
        </div>
        <EditorTabs tab={tab} onChange={setTab} />
        <div className="mt-4" role="tabpanel" id={`routing-panel-${tab}`} aria-labelledby={`routing-tab-${tab}`}>
          {tab === 'json' ? (
            <JsonEditor ref={editor} text={text} issues={issues} onChange={edit} />
          ) : doc ? (
            <FormEditor doc={doc} options={optionMap} budgets={budgets} onChange={(d) => edit(documentText(d))} />
          ) : (
            <p className="text-sm text-amber-800">The JSON does not read as tiers and rules; fix it in the JSON tab to use the form.</p>
          )}
        </div>
      </Card>
      <Card title="Try a request" description="The decision this draft (as edited now) makes for a request, and why.">
        <TryRequest document={live.ok ? live.document : null} version={nextVersion} budgets={budgets} />
      </Card>
      {canPublish ? (
        <Card title="Publish" description={`Publishing makes the saved draft version ${nextVersion}; gateways follow within a second.`}>
          <PublishForm
            disabledReason={
              dirty ? 'Save your changes first.' : saved.issues.some((i) => i.severity === 'error') ? 'Fix the errors first.' : null
            }
            onPublish={onPublish}
          />
        </Card>
      ) : null}
    </div>
  );
}
