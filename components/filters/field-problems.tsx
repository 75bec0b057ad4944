/** What the page found wrong with the URL, under the control it concerns (lib/usage/url-problems.ts). */
export function FieldProblems({ messages, testId }: { messages?: readonly string[]; testId: string }) {
  if (!messages?.length) return null;
  return (
    <span className="mt-1 block max-w-md" data-testid={testId}>
      {messages.map((m) => (
        <span key={m} className="block text-xs text-red-700" role="alert">
          {m}
        </span>
      ))}
    </span>
  );
}
