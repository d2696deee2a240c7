// The tools of tonfall mcp (src/cli/mcp_tools.cpp): what tools/list says of
// them, and what a call answers. The protocol around them, both eras of it,
// is in src/cli/mcp.cpp.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.h"

namespace tonfall::cli::mcp {

using Json = nlohmann::ordered_json;

// Serialized as the server writes it: compact, invalid UTF-8 replaced.
std::string dump(const Json& value);

// JSON-RPC error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kUnsupportedProtocolVersion = -32022;  // the stateless revision's

// A JSON-RPC error: a malformed message, an unknown method or tool, or
// arguments of the wrong type.
struct RpcError {
  int code;
  std::string message;
  Json data = nullptr;
};

// Bad input inside a valid call: a tool result with isError, its message
// telling the model what to change.
struct ToolError {
  std::string message;
};

// A tool's answer: its structured result, or what went wrong.
using ToolResult = std::variant<Json, ToolError, RpcError>;

// The tools, each with its name, title, description, input and output
// schema and annotations, as tools/list gives them.
const Json& tool_list();

// The engines of the server: one per selection of rules a call asks for,
// built on first use from the packs and configuration the server started
// with, a bounded number kept.
class Engines {
 public:
  Engines(RuleSelection flags, const Config& config) : flags_(std::move(flags)), config_(config) {}

  // The profile for a call's enable and disable lists, or the error (an
  // unknown rule id or category) as a message for the model.
  std::variant<const Profile*, ToolError> profile(const std::vector<std::string>& enable,
                                                  const std::vector<std::string>& disable);

  // The server's own selection, for explain_rule and list_rules.
  const Profile& base() { return *std::get<const Profile*>(profile({}, {})); }

 private:
  static constexpr std::size_t kMaxProfiles = 16;
  RuleSelection flags_;
  const Config& config_;
  std::map<std::pair<std::vector<std::string>, std::vector<std::string>>, std::unique_ptr<Profile>> profiles_;
};

// The answer of tool `name` to `arguments` (a JSON object).
ToolResult call_tool(Engines& engines, const std::string& name, const Json& arguments);

}  // namespace tonfall::cli::mcp
