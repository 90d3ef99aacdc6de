/** Language models: one chat completion at a time, optionally forced to a JSON schema; usage reported in tokens. */

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface CompletionRequest {
  messages: ChatMessage[];
  /** A JSON schema the reply must follow (a grammar for local models, `response_format` for HTTP ones). */
  jsonSchema?: Record<string, unknown>;
  /** Upper bound on generated tokens. */
  maxTokens?: number;
  temperature?: number;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface CompletionResult {
  text: string;
  usage: TokenUsage;
}

export interface LanguageModel {
  /** Stable identity of model and settings ("openai:gpt-4o-mini", "gguf:model.gguf"). */
  readonly id: string;
  complete(request: CompletionRequest): Promise<CompletionResult>;
  /** Release the model. */
  close?(): Promise<void>;
}
