import { inlineCode } from '../../../lib/quiz-runner';

/** Plain authored text with `backtick` spans shown as code (never parsed as HTML). */
export function Prompt({ text }: { text: string }) {
  return (
    <>
      {inlineCode(text).map((part, i) => (part.code ? <code key={i}>{part.text}</code> : part.text))}
    </>
  );
}
