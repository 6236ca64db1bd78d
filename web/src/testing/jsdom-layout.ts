/**
 * jsdom does no layout: ProseMirror asks ranges and nodes for their rectangles when it scrolls the
 * cursor into view. Empty rectangles are the honest answer for a page with no layout.
 */
const emptyRects = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
const emptyRect = () => ({ x: 0, y: 0, top: 0, left: 0, bottom: 0, right: 0, width: 0, height: 0, toJSON: () => ({}) }) as DOMRect;
for (const proto of [Range.prototype, Element.prototype, Text.prototype] as { getClientRects?: unknown; getBoundingClientRect?: unknown }[]) {
  proto.getClientRects ??= emptyRects;
  proto.getBoundingClientRect ??= emptyRect;
}
Element.prototype.scrollIntoView ??= () => undefined;
document.elementFromPoint ??= () => null;
