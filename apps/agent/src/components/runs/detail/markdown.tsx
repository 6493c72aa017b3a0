import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

/** react-markdown hands each component its syntax-tree node, which is not a DOM attribute. */
function withoutNode<P extends { node?: unknown }>({ node: _node, ...props }: P) {
  return props;
}

// Raw HTML in the text stays text (react-markdown's default), so an artifact cannot inject markup.
const COMPONENTS: Components = {
  h1: (props) => <h1 className="mt-4 mb-2 text-lg font-semibold text-zinc-900 first:mt-0" {...withoutNode(props)} />,
  h2: (props) => <h2 className="mt-4 mb-2 text-base font-semibold text-zinc-900 first:mt-0" {...withoutNode(props)} />,
  h3: (props) => <h3 className="mt-3 mb-1.5 text-sm font-semibold text-zinc-900 first:mt-0" {...withoutNode(props)} />,
  h4: (props) => <h4 className="mt-3 mb-1 text-sm font-medium text-zinc-900 first:mt-0" {...withoutNode(props)} />,
  p: (props) => <p className="my-2 leading-6 first:mt-0 last:mb-0" {...withoutNode(props)} />,
  ul: (props) => <ul className="my-2 list-disc space-y-1 pl-5" {...withoutNode(props)} />,
  ol: (props) => <ol className="my-2 list-decimal space-y-1 pl-5" {...withoutNode(props)} />,
  a: (props) => (
    <a className="font-medium text-sky-700 underline underline-offset-2 hover:text-sky-900" target="_blank" rel="noreferrer" {...withoutNode(props)} />
  ),
  blockquote: (props) => <blockquote className="my-2 border-l-2 border-zinc-300 pl-3 text-zinc-600" {...withoutNode(props)} />,
  code: ({ className, ...props }) => <code className={`rounded bg-zinc-100 px-1 py-0.5 font-mono text-[0.85em] ${className ?? ""}`} {...withoutNode(props)} />,
  pre: (props) => (
    <pre className="my-2 overflow-x-auto rounded-lg bg-zinc-900 p-3 text-xs text-zinc-100 [&_code]:bg-transparent [&_code]:p-0" {...withoutNode(props)} />
  ),
  table: (props) => (
    <div className="my-2 overflow-x-auto">
      <table className="min-w-full border-collapse text-left text-xs" {...withoutNode(props)} />
    </div>
  ),
  th: (props) => <th className="border-b border-zinc-200 bg-zinc-50 px-2 py-1.5 font-medium" {...withoutNode(props)} />,
  td: (props) => <td className="border-b border-zinc-100 px-2 py-1.5" {...withoutNode(props)} />,
  hr: () => <hr className="my-4 border-zinc-200" />,
};

export function MarkdownView({ text }: { text: string }) {
  return (
    <div data-testid="markdown" className="text-sm text-zinc-800">
      <Markdown remarkPlugins={[remarkGfm]} components={COMPONENTS}>
        {text}
      </Markdown>
    </div>
  );
}
