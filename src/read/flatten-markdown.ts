// Markdown nested beyond what any article needs (5,000 '>' in a row) made the
// reader's recursive walk overflow the stack. Block quotes, lists and inline
// marks nested deeper than MAX_MARKDOWN_DEPTH are unwrapped into the node at
// that depth: their text stays, in order, in the innermost kept quote or item.

import type { Nodes, Parent, Root } from 'mdast';

export const MAX_MARKDOWN_DEPTH = 64;

// Containers whose children can stand in their place (a paragraph or a table cannot: its children are inline).
const UNWRAPPABLE = new Set(['blockquote', 'list', 'listItem', 'emphasis', 'strong', 'delete', 'link', 'linkReference']);

/** Unwrap, in place, every unwrappable node deeper than `maxDepth`. Iterative: the tree may be deeper than the stack. */
export function flattenMarkdown(tree: Root, maxDepth = MAX_MARKDOWN_DEPTH): Root {
  const stack: Array<{ node: Parent; depth: number }> = [{ node: tree, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth >= maxDepth) node.children = unwrapped(node.children as Nodes[]) as Parent['children'];
    for (const child of node.children as Nodes[]) if ('children' in child) stack.push({ node: child, depth: depth + 1 });
  }
  return tree;
}

/** `nodes` with every unwrappable node among them replaced by its children, down to the first node that is not. */
function unwrapped(nodes: Nodes[]): Nodes[] {
  const kept: Nodes[] = [];
  const pending = [...nodes].reverse();
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (UNWRAPPABLE.has(node.type) && 'children' in node) {
      for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i] as Nodes);
    } else {
      kept.push(node);
    }
  }
  return kept;
}
