import { MetaMessagingPlatform, type MetaPlatformDependencies } from './meta-messaging-platform';

/** The `messenger` section of ChannelsConfig (server/config.ts). */
export interface MessengerPlatformConfig {
  pageAccessToken: string;
  appSecret: string;
  verifyToken: string;
  /** Graph API base URL with version (https://graph.facebook.com/v25.0; a loopback fake in tests). */
  apiBaseUrl: string;
}

/**
 * Facebook Messenger (a Page): recipients are page-scoped ids (PSIDs), the Send API authenticates with
 * the Page token as `?access_token=`, text is at most 2000 characters and quick replies at most 13 with
 * 20-character titles (shared/domain/channels.md section 3).
 */
export class MessengerPlatform extends MetaMessagingPlatform {
  constructor(config: MessengerPlatformConfig, dependencies: MetaPlatformDependencies) {
    super(
      {
        channelId: 'messenger',
        platformName: 'Messenger',
        webhookObject: 'page',
        appSecret: config.appSecret,
        verifyToken: config.verifyToken,
        accessToken: config.pageAccessToken,
        apiBaseUrl: config.apiBaseUrl,
        authentication: 'query',
        limits: { textMax: 2000, textUnit: 'chars', buttonsMax: 13, buttonTitleMax: 20, listRowsMax: 0, listRowTitleMax: 0 },
        readsChanges: false,
        // Echoes and reactions are ignored, so they are not asked for (channels.md 3.1 lists the fields).
        webhookFields: ['messages', 'messaging_postbacks', 'message_deliveries', 'message_reads', 'message_edits'],
      },
      dependencies,
    );
  }
}
