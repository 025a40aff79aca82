//! Which official tool sends a route's request again: the Python SDK and client a "copy as
//! python" snippet uses, and the AWS CLI command (if any) for "copy as aws".

/// The Python SDK call for a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PythonSdk {
    /// `anthropic`'s `messages.stream`, through one of its clients.
    Anthropic(AnthropicClient),
    /// boto3's `bedrock-runtime` client.
    Boto3(Boto3Call),
    /// Google's Gen AI SDK (`google-genai`), with an API key or on Vertex AI.
    GoogleGenai { vertex: bool },
    /// `openai`'s `chat.completions.create(stream=True)`, through one of its clients.
    OpenAi(OpenAiClient),
}

/// Which client of the OpenAI Python SDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenAiClient {
    /// `openai.OpenAI` with `OPENAI_API_KEY` and `OPENAI_BASE_URL` (OpenAI, or a local server).
    Direct,
    /// `openai.BedrockOpenAI` (openai >= 2.45): a Bedrock API key, or a short-term one made from
    /// the AWS credentials by `aws-bedrock-token-generator`.
    BedrockMantle,
    /// `openai.OpenAI` at Vertex AI's `endpoints/openapi`, with a token from Application Default
    /// Credentials.
    Vertex,
}

/// Which client of the Anthropic Python SDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnthropicClient {
    /// `anthropic.Anthropic` pointed at a served emulator with its non-secret key.
    Emulator,
    /// `anthropic.Anthropic` with `ANTHROPIC_API_KEY` and `ANTHROPIC_BASE_URL`.
    Direct,
    /// `anthropic.AnthropicBedrockMantle`, which signs with SigV4 `bedrock-mantle`.
    BedrockMantle,
    /// `anthropic.AnthropicVertex`, with a token from Application Default Credentials.
    Vertex,
}

/// The streaming boto3 call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boto3Call {
    /// `invoke_model_with_response_stream` with the Anthropic body as JSON.
    InvokeModelWithResponseStream,
    /// `converse_stream` with the Converse body's members as arguments.
    ConverseStream,
}

/// The AWS CLI command that sends a route's body. The CLI has no streaming command, so the
/// body goes to the non-streaming operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwsCli {
    /// `aws bedrock-runtime converse`, each body member as its option.
    Converse,
    /// `aws bedrock-runtime invoke-model --body …`, the answer to standard output.
    InvokeModel,
    /// No command; `why`, where there is more to say than that the route is not a Bedrock
    /// runtime operation.
    Unavailable { why: Option<&'static str> },
}

/// The tools for a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sdk {
    pub python: PythonSdk,
    pub aws_cli: AwsCli,
}
