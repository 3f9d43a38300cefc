import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';

export interface AzureBotCredentials {
  appId: string;
  appPassword: string;
  appType: string;
  tenantId?: string;
}

/**
 * The optional Azure Bot Service path: botbuilder's own CloudAdapter, which checks the Bot
 * Connector's JWT on every request and replies through the activity's serviceUrl.
 */
export function createAzureBotAdapter(
  credentials: AzureBotCredentials,
  onTurnError: (context: TurnContext, error: Error) => Promise<void>,
): CloudAdapter {
  const authentication = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: credentials.appId,
    MicrosoftAppPassword: credentials.appPassword,
    MicrosoftAppType: credentials.appType,
    MicrosoftAppTenantId: credentials.tenantId,
  });
  const adapter = new CloudAdapter(authentication);
  adapter.onTurnError = onTurnError;
  return adapter;
}
