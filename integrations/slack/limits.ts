/** Slack's limit for `markdown_text` in one message (chat.postMessage, chat.update, a stream). */
export const SLACK_MESSAGE_LIMIT = 12_000;
