import { AzureKeyCredential, ConversationAnalysisClient, type ConversationalTaskResult, type ConversationPrediction } from '@azure/ai-language-conversations';

export interface CluSettings {
  endpoint: string;
  key: string;
  projectName: string;
  deploymentName: string;
  /** The Language service API version; the SDK's default is 2022-05-15-preview. */
  apiVersion?: string;
  timeoutMs: number;
}

export interface CluPrediction {
  /** The intent with the highest score: a topic key, or "None". */
  topIntent: string;
  confidence: number;
  intents: Array<{ intent: string; confidence: number }>;
}

export class CluUnavailableError extends Error {
  constructor(
    readonly reason: 'timeout' | 'error',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CluUnavailableError';
  }
}

/**
 * Azure AI Language conversational language understanding (CLU), optional: the project's intents
 * are our topic keys. Any failure or a slow answer raises CluUnavailableError, and the caller keeps
 * the local engine's decision.
 */
export class CluRecognizer {
  private readonly client: ConversationAnalysisClient;

  constructor(private readonly settings: CluSettings) {
    this.client = new ConversationAnalysisClient(settings.endpoint, new AzureKeyCredential(settings.key), {
      apiVersion: settings.apiVersion,
      // A loopback test double speaks plain HTTP; a real endpoint is https.
      allowInsecureConnection: settings.endpoint.startsWith('http://'),
      retryOptions: { maxRetries: 0 },
    });
  }

  async recognize(text: string, language: 'id' | 'en'): Promise<CluPrediction> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.settings.timeoutMs);
    try {
      const response = await this.client.analyzeConversation(
        {
          kind: 'Conversation',
          analysisInput: { conversationItem: { id: '1', participantId: 'citizen', language, modality: 'text', text } },
          parameters: { projectName: this.settings.projectName, deploymentName: this.settings.deploymentName, verbose: true, stringIndexType: 'TextElement_V8' },
        },
        { abortSignal: abort.signal },
      );
      const prediction = (response as ConversationalTaskResult).result?.prediction as ConversationPrediction | undefined;
      if (!prediction || prediction.projectKind !== 'Conversation') {
        throw new CluUnavailableError('error', 'CluRecognizer.recognize(): the answer holds no conversation prediction.');
      }
      const intents = prediction.intents.map((intent) => ({ intent: intent.category, confidence: intent.confidence })).sort((a, b) => b.confidence - a.confidence);
      const top = prediction.topIntent ?? intents[0]?.intent ?? 'None';
      return { topIntent: top, confidence: intents.find((intent) => intent.intent === top)?.confidence ?? 0, intents };
    } catch (error) {
      if (error instanceof CluUnavailableError) throw error;
      if (abort.signal.aborted) throw new CluUnavailableError('timeout', `CluRecognizer.recognize(): no answer within ${this.settings.timeoutMs} ms.`, { cause: error });
      throw new CluUnavailableError('error', `CluRecognizer.recognize(): ${(error as Error).message}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
