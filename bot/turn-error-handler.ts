import type { ConversationState, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { MainDialog } from '../dialogs/main-dialog';
import { languageFromLocale, messagesFor } from '../dialogs/messages';

/**
 * The one handler for errors that escape a turn: log them (ids only, never the message text),
 * apologise in the citizen's language, and clear the dialog state so the next message starts clean.
 */
export function createTurnErrorHandler(conversationState: ConversationState, mainDialog: MainDialog, logger: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const activity = context.activity;
    logger.error(
      { err: error, channel: activity.channelId, conversationId: activity.conversation?.id, activityType: activity.type },
      'unhandled error in turn',
    );
    let language = languageFromLocale(activity.locale);
    try {
      language = await mainDialog.languageOf(context);
    } catch {
      // The profile itself may be what failed to load; the locale is good enough for the apology.
    }
    try {
      await context.sendActivity(messagesFor(language).turnError);
      await conversationState.delete(context);
    } catch (secondary) {
      logger.error({ err: secondary, channel: activity.channelId, conversationId: activity.conversation?.id }, 'could not recover from turn error');
    }
  };
}
