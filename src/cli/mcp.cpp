// tonfall mcp: a Model Context Protocol server on standard input and output,
// so that agents call tonfall as a tool. JSON-RPC 2.0, one message per line;
// stdout carries protocol messages only, anything for people goes to stderr.
// The packs and engines load once; every call reuses them.
//
// Both eras of the protocol are served, told apart by how the client opens:
// the handshake era (initialize with 2025-03-26, 2025-06-18 or 2025-11-25,
// then notifications/initialized) and the stateless revision 2026-07-28,
// whose requests carry the protocol version in `_meta` and may start with
// server/discover.
#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <variant>

#include "language.h"
#include "mcp_tools.h"
#include "tonfall/normalize.h"

namespace tonfall::cli {
namespace {

using namespace mcp;

// The string member `key` of `object`; empty when it is missing or not a
// string (a message of the wrong shape must not throw).
std::string string_member(const Json& object, std::string_view key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

constexpr std::string_view kStateless = "2026-07-28";
// The handshake revisions, newest first: initialize answers with the one the
// client asked for when known, else with the newest.
constexpr std::string_view kHandshakeVersions[] = {"2025-11-25", "2025-06-18", "2025-03-26"};

bool is_handshake_version(std::string_view version) {
  return std::find(std::begin(kHandshakeVersions), std::end(kHandshakeVersions), version) !=
         std::end(kHandshakeVersions);
}

// The _meta keys of a request in the stateless revision.
constexpr std::string_view kVersionKey = "io.modelcontextprotocol/protocolVersion";
constexpr std::string_view kCapabilitiesKey = "io.modelcontextprotocol/clientCapabilities";

const char* const kInstructions =
    "tonfall checks German customer-service replies for a negative tone and rewrites what it safely can. "
    "Call check_text on a draft before sending it; call fix_text to get the draft back with the safe "
    "rewrites applied and the findings that remain; explain_rule tells why a finding matters.";

Json server_info() {
  return {{"name", "tonfall"}, {"title", "tonfall – Tonfall-Prüfung für Kundenservice-Texte"}, {"version", TONFALL_VERSION}};
}

Json supported_versions() {
  Json versions = Json::array({kStateless});
  for (std::string_view version : kHandshakeVersions) versions.push_back(version);
  return versions;
}

// One JSON-RPC message in, at most one answer out.
class Server {
 public:
  explicit Server(Engines& engines) : engines_(engines) {}

  // The answer to `message`, serialized (a request gets one, a
  // notification none).
  std::optional<std::string> answer(const Json& message) {
    if (!message.is_object() || string_member(message, "jsonrpc") != "2.0")
      return error_reply(nullptr, {kInvalidRequest, "not a JSON-RPC 2.0 message"});
    const auto method = message.find("method");
    const auto id = message.find("id");
    if (method == message.end()) return std::nullopt;  // a response: this server sends no requests
    if (!method->is_string()) return error_reply(id == message.end() ? Json() : *id, {kInvalidRequest, "\"method\" must be a string"});
    if (id == message.end()) return std::nullopt;  // a notification: initialized, cancelled, others ignored
    if (!id->is_string() && !id->is_number_integer())
      return error_reply(nullptr, {kInvalidRequest, "\"id\" must be a string or an integer"});
    const Json params = message.value("params", Json::object());
    if (!params.is_object()) return error_reply(*id, {kInvalidParams, "\"params\" must be an object"});
    std::variant<Result, RpcError> result = dispatch(method->get<std::string>(), params);
    if (auto* error = std::get_if<RpcError>(&result)) return error_reply(*id, *error);
    Result& done = std::get<Result>(result);
    std::string line = dump(Json{{"jsonrpc", "2.0"}, {"id", *id}, {"result", std::move(done.json)}});
    if (!done.structured.empty()) {
      // The last member of the result object, before its "}" and the answer's.
      line.insert(line.size() - 2, ",\"structuredContent\":" + done.structured);
    }
    return line;
  }

  static std::string error_reply(const Json& id, const RpcError& error) {
    Json body{{"code", error.code}, {"message", error.message}};
    if (!error.data.is_null()) body["data"] = error.data;
    return dump(Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(body)}});
  }

 private:
  // A result, and a tool's structured content, serialized once: it is the
  // text block's string and goes into the answer as it is.
  struct Result {
    Json json;
    std::string structured = {};  // empty: none
  };

  std::variant<Result, RpcError> dispatch(const std::string& method, const Json& params) {
    if (method == "initialize") return initialize(params);
    // A request with the version in its _meta is served as the stateless
    // revision says; any other as in the handshake era.
    const Json meta = params.value("_meta", Json::object());
    const bool modern = meta.is_object() && meta.contains(kVersionKey);
    if (modern || method == "server/discover") {
      if (!meta.is_object() || !meta.contains(kVersionKey) || !meta[kVersionKey].is_string())
        return RpcError{kInvalidParams, fmt::format("_meta[\"{}\"] is required", kVersionKey)};
      const std::string requested = meta[kVersionKey].get<std::string>();
      if (requested != kStateless)
        return RpcError{kUnsupportedProtocolVersion, "Unsupported protocol version",
                        {{"supported", supported_versions()}, {"requested", requested}}};
      if (!meta.contains(kCapabilitiesKey) || !meta[kCapabilitiesKey].is_object())
        return RpcError{kInvalidParams, fmt::format("_meta[\"{}\"] is required", kCapabilitiesKey)};
    }
    std::variant<Result, RpcError> result = RpcError{kMethodNotFound, "unknown method \"" + method + "\""};
    if (method == "server/discover") {
      result = Result{{{"supportedVersions", supported_versions()},
                       {"capabilities", {{"tools", {{"listChanged", false}}}}},
                       {"instructions", kInstructions}}};
    } else if (method == "ping") {
      result = Result{Json::object()};
    } else if (method == "tools/list") {
      result = Result{{{"tools", tool_list()}}};
    } else if (method == "tools/call") {
      result = call(params);
    }
    if (auto* done = std::get_if<Result>(&result); done && modern) {
      // Every result of the stateless revision says it is complete and who
      // answered; lists and discovery may be cached (nothing here changes).
      Json& json = done->json;
      json["resultType"] = "complete";
      if (method == "tools/list" || method == "server/discover") {
        json["ttlMs"] = 3600000;
        json["cacheScope"] = "public";
      }
      json["_meta"] = {{"io.modelcontextprotocol/serverInfo", server_info()}};
    }
    return result;
  }

  Result initialize(const Json& params) {
    const std::string requested = string_member(params, "protocolVersion");
    const std::string_view version = is_handshake_version(requested) ? std::string_view(requested) : kHandshakeVersions[0];
    return {{{"protocolVersion", version},
             {"capabilities", {{"tools", {{"listChanged", false}}}}},
             {"serverInfo", server_info()},
             {"instructions", kInstructions}}};
  }

  std::variant<Result, RpcError> call(const Json& params) {
    const auto name = params.find("name");
    if (name == params.end() || !name->is_string()) return RpcError{kInvalidParams, "\"name\" (the tool) is required"};
    const Json arguments = params.value("arguments", Json::object());
    if (!arguments.is_object()) return RpcError{kInvalidParams, "\"arguments\" must be an object"};
    ToolResult result = call_tool(engines_, name->get<std::string>(), arguments);
    if (auto* error = std::get_if<RpcError>(&result)) return *error;
    if (auto* error = std::get_if<ToolError>(&result))
      return Result{{{"content", Json::array({{{"type", "text"}, {"text", error->message}}})}, {"isError", true}}};
    std::string structured = dump(std::get<Json>(result));
    Json content = Json::array({{{"type", "text"}, {"text", structured}}});
    return Result{{{"content", std::move(content)}, {"isError", false}}, std::move(structured)};
  }

  Engines& engines_;
};

// The lines of standard input, read on a thread of their own, so that a
// notifications/cancelled that arrives while a request waits or runs can
// take the request's answer back. Lines are numbered as they come: a cancel
// applies to a request read before it, never to a later one that reuses the
// id.
class Inbox {
 public:
  struct Line {
    std::string text;
    std::uint64_t number;
  };

  Inbox() : reader_([this] { read(); }) {}
  ~Inbox() { reader_.join(); }

  // The next line; nothing once standard input is closed and all are taken.
  std::optional<Line> next() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !lines_.empty() || closed_; });
    if (lines_.empty()) return std::nullopt;
    Line line = std::move(lines_.front());
    lines_.pop_front();
    // A cancel read before this line can only concern requests answered
    // already.
    std::erase_if(cancelled_, [&](const auto& entry) { return entry.second < line.number; });
    return line;
  }

  // True if the request `id`, read as line `number`, was cancelled since:
  // its answer is not sent.
  bool cancelled(const Json& id, std::uint64_t number) {
    std::lock_guard lock(mutex_);
    const auto it = cancelled_.find(dump(id));
    return it != cancelled_.end() && it->second > number;
  }

 private:
  void read() {
    std::string text;
    for (std::uint64_t number = 0; std::getline(std::cin, text); ++number) {
      if (!text.empty() && text.back() == '\r') text.pop_back();
      const std::optional<std::string> id = cancelled_id(text);
      std::lock_guard lock(mutex_);
      if (id) cancelled_[*id] = number;
      lines_.push_back({std::move(text), number});
      ready_.notify_one();
    }
    std::lock_guard lock(mutex_);
    closed_ = true;
    ready_.notify_one();
  }

  // The request id (a string or an integer) a notifications/cancelled line
  // names.
  static std::optional<std::string> cancelled_id(const std::string& line) {
    if (line.find("notifications/cancelled") == std::string::npos || nests_deeper_than(line, kMaxMessageDepth))
      return std::nullopt;
    const Json message = Json::parse(line, nullptr, false);
    if (string_member(message, "method") != "notifications/cancelled") return std::nullopt;
    const Json params = message.value("params", Json::object());
    if (!params.is_object()) return std::nullopt;
    const auto id = params.find("requestId");
    if (id == params.end() || (!id->is_string() && !id->is_number_integer())) return std::nullopt;
    return dump(*id);
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Line> lines_;
  std::map<std::string, std::uint64_t> cancelled_;  // request id -> number of the cancel's line
  bool closed_ = false;
  std::thread reader_;
};

// `line` with each escaped lone surrogate (\ud800 without its pair), which
// the JSON parser refuses, escaped as NUL instead: the message is then read,
// and the text tools say what is wrong with their text.
std::string without_lone_surrogates(std::string_view line) {
  auto escape_at = [&](std::size_t i) -> std::optional<unsigned> {
    if (i + 6 > line.size() || line[i] != '\\' || line[i + 1] != 'u') return std::nullopt;
    unsigned value = 0;
    for (std::size_t k = i + 2; k < i + 6; ++k) {
      const char c = line[k];
      const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (digit < 0) return std::nullopt;
      value = value * 16 + static_cast<unsigned>(digit);
    }
    return value;
  };
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (!in_string || line[i] != '\\') {
      if (line[i] == '"') in_string = !in_string;
      out += line[i];
      continue;
    }
    const std::optional<unsigned> unit = escape_at(i);
    if (!unit) {  // another escape: it and the character it escapes
      out.append(line.substr(i, 2));
      ++i;
      continue;
    }
    const std::optional<unsigned> next = escape_at(i + 6);
    if (*unit >= 0xD800 && *unit <= 0xDBFF && next && *next >= 0xDC00 && *next <= 0xDFFF) {
      out.append(line.substr(i, 12));  // a pair
      i += 11;
    } else {
      out.append(*unit >= 0xD800 && *unit <= 0xDFFF ? "\\u0000" : line.substr(i, 6));
      i += 5;
    }
  }
  return out;
}

struct McpOptions {
  RuleSelection rules;
  std::string config;
};

int run_mcp(const McpOptions& options) {
  ConfigCache configs;
  std::optional<Config> named;
  const Config* config = config_named_or_found(options.config, configs, named);
  if (!config) return kExitError;
  Engines engines(options.rules, *config);
  // Packs that do not load stop the server before it answers anything.
  if (auto profile = engines.profile({}, {}); std::holds_alternative<ToolError>(profile)) {
    complain("{}", std::get<ToolError>(profile).message);
    return kExitError;
  }
  Server server(engines);
  Inbox inbox;
  auto send = [](const std::string& reply) {
    std::cout << reply << '\n';
    std::cout.flush();
  };
  while (std::optional<Inbox::Line> next = inbox.next()) {
    const std::string& line = next->text;
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (nests_deeper_than(line, kMaxMessageDepth)) {
      send(Server::error_reply(nullptr, {kInvalidRequest, fmt::format("nested more than {} levels deep", kMaxMessageDepth)}));
      continue;
    }
    if (find_invalid_text(line)) {
      send(Server::error_reply(nullptr, {kParseError, "the message is not valid UTF-8"}));
      continue;
    }
    Json message = Json::parse(line, nullptr, false);
    if (message.is_discarded()) message = Json::parse(without_lone_surrogates(line), nullptr, false);
    if (message.is_discarded()) {
      send(Server::error_reply(nullptr, {kParseError, "the line is not valid JSON"}));
      continue;
    }
    // A request cancelled before its turn is not started; one cancelled
    // while it ran gets no answer.
    auto answer = [&](const Json& one) -> std::optional<std::string> {
      const bool request = one.is_object() && one.contains("method") && one.contains("id");
      if (request && inbox.cancelled(one["id"], next->number)) return std::nullopt;
      std::optional<std::string> reply;
      try {
        reply = server.answer(one);
      } catch (const std::exception& e) {
        // A defect, not the client's fault: said, and the server goes on.
        reply = Server::error_reply(request ? one["id"] : Json(), {kInternalError, std::string("internal error: ") + e.what()});
      }
      if (request && inbox.cancelled(one["id"], next->number)) return std::nullopt;
      return reply;
    };
    if (message.is_array()) {
      // A batch (the 2025-03-26 revision has them; answered in any era): the
      // answers as one array.
      if (message.empty()) {
        send(Server::error_reply(nullptr, {kInvalidRequest, "an empty batch"}));
        continue;
      }
      std::string replies;
      for (const Json& one : message)
        if (std::optional<std::string> reply = answer(one)) replies += (replies.empty() ? "[" : ",") + *reply;
      if (!replies.empty()) send(replies + "]");
      continue;
    }
    if (std::optional<std::string> reply = answer(message)) send(*reply);
  }
  return kExitClean;
}

}  // namespace

std::function<int()> setup_mcp(CLI::App& app) {
  auto options = std::make_shared<McpOptions>();
  options->rules.add_options(app);
  app.add_option("--config", options->config,
                 "The project configuration (.tonfall.yaml) to use; default: the one found from the working folder")
      ->type_name("FILE");
  app.footer(
      "Speaks the Model Context Protocol on standard input and output (JSON-RPC 2.0, one message per\n"
      "line) until standard input closes; logs go to standard error. Both eras: the handshake\n"
      "(initialize with 2025-03-26, 2025-06-18 or 2025-11-25) and the stateless revision 2026-07-28\n"
      "(the version in each request's _meta, server/discover). Tools: check_text, fix_text,\n"
      "explain_rule, list_rules.\n"
      "Register it with an MCP host, e.g.:\n"
      "  {\"mcpServers\": {\"tonfall\": {\"command\": \"tonfall\", \"args\": [\"mcp\"]}}}");
  return [options] { return run_mcp(*options); };
}

}  // namespace tonfall::cli
