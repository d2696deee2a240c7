// tonfall serve: an HTTP server for writers' tools. It speaks LanguageTool's
// API v2 (/v2/check, /v2/languages, /v2/info), so that editors and browser
// add-ons made for a LanguageTool server check with tonfall; tonfall's own
// JSON beside it (POST /v1/check, POST /v1/fix, GET /v1/categories, GET
// /health); and a page for writers at /.
//
// The HTTP parsing is cpp-httplib's; what keeps the server alive under bad
// clients is here: each request must arrive whole within a deadline (a
// client that sends a byte a second gets 408 and frees its worker) and its
// answer must be taken within another, bodies are limited (413) and read
// only where an endpoint takes one, a connection ends after an error, and
// connections beyond the workers and a bounded queue are answered 503 at
// once instead of waiting without end.
#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "language.h"
#include "tonfall/languagetool.h"
#include "tonfall/report.h"
#include "web_page.h"

namespace tonfall::cli {
namespace {

using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;
namespace lt = languagetool;

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8081;
  RuleSelection rules;
  std::string config;
  std::string allow_origin;
  unsigned threads = std::max(4u, 2 * std::thread::hardware_concurrency());
  std::size_t max_body = 1'000'000;
  // How long a request may take to arrive, from the moment the server waits
  // for it: line, headers and body.
  unsigned timeout = 10;
};

// How long a connection may wait in the queue for a worker before it is
// answered 503 instead: its client has likely given up.
constexpr auto kQueueDeadline = std::chrono::seconds(10);
// Connections waiting for a worker at most; beyond them 503.
constexpr std::size_t kMaxQueued = 64;

// How long the answer to one request may take to write: a client that
// reads a byte now and then must not hold a worker for long.
constexpr auto kWriteDeadline = std::chrono::seconds(30);

// Set on the thread that answers a connection the server has no room for.
thread_local bool t_overloaded = false;
// Set while answering a request that ends its connection: an error, after
// which what the client sent may not have been read to its end.
thread_local bool t_close = false;
// Connections waiting for a worker: while there are any, a kept-alive
// connection ends after its answer.
std::atomic<std::size_t> g_waiting{0};

// A connection's socket as httplib reads and writes it, with a deadline for
// the whole request: each read waits at most until then. Once it has passed,
// the connection gets a 408 and nothing else.
class DeadlineStream : public httplib::Stream {
 public:
  DeadlineStream(int sock, std::chrono::seconds wait) : sock_(sock), wait_(wait) {}

  // Starts the clock for the next request, which must arrive within `time`
  // and be answered within kWriteDeadline after that.
  void start_request(std::chrono::seconds time) {
    deadline_ = Clock::now() + time;
    write_deadline_ = deadline_ + kWriteDeadline;
    expired_ = false;
  }
  bool expired() const { return expired_; }
  // True if bytes of a next request are read already (pipelining).
  bool has_buffered() const { return buffered_ < filled_; }

  bool is_readable() const override { return buffered_ < filled_ || wait_for(POLLIN, deadline_); }
  bool is_writable() const override { return wait_for(POLLOUT, Clock::now() + wait_); }

  ssize_t read(char* ptr, std::size_t size) override {
    if (buffered_ == filled_) {
      if (!wait_for(POLLIN, deadline_)) {
        expired_ = expired_ || Clock::now() >= deadline_;
        return -1;
      }
      ssize_t n;
      do n = ::recv(sock_, buffer_, sizeof buffer_, 0);
      while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      buffered_ = 0;
      filled_ = static_cast<std::size_t>(n);
    }
    const std::size_t n = std::min(size, filled_ - buffered_);
    std::memcpy(ptr, buffer_ + buffered_, n);
    buffered_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, std::size_t size) override {
    if (expired_) return static_cast<ssize_t>(size);  // only the 408 goes out
    if (!wait_for(POLLOUT, std::min(Clock::now() + wait_, write_deadline_))) return -1;
    ssize_t n;
    do n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(::getpeername, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(::getsockname, ip, port); }
  socket_t socket() const override { return sock_; }

  // Writes `response` (a whole HTTP response) past the deadline.
  void write_raw(std::string_view response) {
    for (std::size_t sent = 0; sent < response.size();) {
      const ssize_t n = ::send(sock_, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
      if (n <= 0 || !wait_for(POLLOUT, Clock::now() + wait_)) return;
      sent += static_cast<std::size_t>(n);
    }
  }

 private:
  bool wait_for(short events, Clock::time_point until) const {
    while (true) {
      const auto now = Clock::now();
      if (now >= until) return false;
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - now).count();
      pollfd fd{sock_, events, 0};
      const int ready = ::poll(&fd, 1, static_cast<int>(std::min<long long>(left, 1000)));
      if (ready > 0) return true;
      if (ready < 0 && errno != EINTR) return false;
    }
  }
  void address_of(int (*get)(int, sockaddr*, socklen_t*), std::string& ip, int& port) const {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    ip.clear();
    port = 0;
    if (get(sock_, reinterpret_cast<sockaddr*>(&address), &length) != 0) return;
    char host[64] = {};
    if (address.ss_family == AF_INET) {
      const auto* in = reinterpret_cast<const sockaddr_in*>(&address);
      inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
      port = ntohs(in->sin_port);
    } else if (address.ss_family == AF_INET6) {
      const auto* in = reinterpret_cast<const sockaddr_in6*>(&address);
      inet_ntop(AF_INET6, &in->sin6_addr, host, sizeof host);
      port = ntohs(in->sin6_port);
    }
    ip = host;
  }

  int sock_;
  std::chrono::seconds wait_;
  Clock::time_point deadline_ = Clock::now();
  Clock::time_point write_deadline_ = Clock::now();
  bool expired_ = false;
  char buffer_[4096];
  std::size_t buffered_ = 0;  // read from buffer_[0, filled_) up to here
  std::size_t filled_ = 0;
};

std::string plain_response(int status, std::string_view reason, std::string_view body) {
  return fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n"
      "Connection: close\r\n{}\r\n{}",
      status, reason, body.size(), status == 503 ? "Retry-After: 1\r\n" : "", body);
}

// httplib's server with our own connection loop: the request deadline, the
// answer to an overloaded server, and keep-alive as httplib does it.
class Server : public httplib::Server {
 public:
  explicit Server(std::chrono::seconds request_time) : request_time_(request_time) {}

 private:
  std::chrono::seconds request_time_;

  bool process_and_close_socket(socket_t sock) override {
    // Answers go out at once: headers and body are separate writes, and
    // Nagle's algorithm would hold the second until the client acknowledges
    // the first, 40 ms later.
    const int on = 1;
    ::setsockopt(static_cast<int>(sock), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    DeadlineStream stream(static_cast<int>(sock), std::chrono::seconds(5));
    bool served = false;
    if (t_overloaded) {
      stream.write_raw(plain_response(503, "Service Unavailable",
                                      "Error: the server is busy; try again in a moment\n"));
    } else {
      for (std::size_t count = keep_alive_max_count_; count > 0 && svr_sock_ != INVALID_SOCKET; --count) {
        // Between requests a kept-alive connection idles a while.
        pollfd fd{static_cast<int>(sock), POLLIN, 0};
        if (count < keep_alive_max_count_ && !stream.has_buffered() &&
            ::poll(&fd, 1, static_cast<int>(keep_alive_timeout_sec_ * 1000)) <= 0)
          break;
        stream.start_request(request_time_);
        bool closed = false;
        t_close = false;
        // While others wait for a worker, the answer says the connection
        // ends, and it does: the worker goes to them.
        served = process_request(stream, count == 1 || g_waiting.load() > 0, closed, nullptr);
        if (stream.expired()) {
          stream.write_raw(plain_response(408, "Request Timeout",
                                          "Error: the request did not arrive in time\n"));
          break;
        }
        if (!served || closed || t_close) break;
      }
    }
    ::shutdown(static_cast<int>(sock), SHUT_WR);
    // Read what the client still sends, for a moment at most, so that
    // closing does not reset the connection before it has read the answer
    // (briefly for the busy answer, which the accepting thread writes).
    char drain[4096];
    pollfd fd{static_cast<int>(sock), POLLIN, 0};
    const auto until = Clock::now() + std::chrono::milliseconds(t_overloaded ? 50 : 500);
    while (Clock::now() < until && ::poll(&fd, 1, 100) > 0 &&
           ::recv(static_cast<int>(sock), drain, sizeof drain, 0) > 0) {
    }
    ::close(static_cast<int>(sock));
    return served;
  }
};

// Workers for the connections, with a bounded queue: a connection that finds
// the queue full, or waited in it too long, is answered 503 at once.
class Workers : public httplib::TaskQueue {
 public:
  explicit Workers(unsigned count) {
    for (unsigned k = 0; k < count; ++k) threads_.emplace_back([this] { work(); });
  }

  void enqueue(std::function<void()> task) override {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (queue_.size() < kMaxQueued) {
        queue_.push_back({std::move(task), Clock::now()});
        g_waiting.store(queue_.size());
        lock.unlock();
        ready_.notify_one();
        return;
      }
    }
    run_overloaded(task);
  }

  void shutdown() override {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (std::thread& thread : threads_) thread.join();
  }

 private:
  struct Queued {
    std::function<void()> task;
    Clock::time_point since;
  };

  static void run_overloaded(const std::function<void()>& task) {
    t_overloaded = true;
    task();
    t_overloaded = false;
  }

  void work() {
    while (true) {
      Queued next;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and all work done
        next = std::move(queue_.front());
        queue_.pop_front();
        g_waiting.store(queue_.size());
      }
      if (Clock::now() - next.since > kQueueDeadline) run_overloaded(next.task);
      else next.task();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Queued> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// Serialized compactly, invalid UTF-8 replaced.
std::string dump(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

// A LanguageTool-style error: plain text "Error: …". The connection closes
// after it: the rest of the request may not have been read.
void fail(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content("Error: " + message + "\n", "text/plain; charset=utf-8");
  res.set_header("Connection", "close");
  t_close = true;
}

// The comma-separated names of a LanguageTool list parameter.
std::vector<std::string> names_of(const std::string& list) {
  std::vector<std::string> names;
  std::istringstream in(list);
  for (std::string name; std::getline(in, name, ',');) {
    const std::size_t first = name.find_first_not_of(' ');
    if (first != std::string::npos) names.push_back(name.substr(first, name.find_last_not_of(' ') - first + 1));
  }
  return names;
}

// The body of a request, read up to `limit` bytes; nullopt (after answering)
// when it is larger or does not arrive.
std::optional<std::string> read_body(const httplib::ContentReader& reader, httplib::Response& res,
                                     std::size_t limit) {
  std::string body;
  bool too_large = false;
  const bool complete = reader([&](const char* data, std::size_t length) {
    if (body.size() + length > limit) {
      too_large = true;
      return false;
    }
    body.append(data, length);
    return true;
  });
  // httplib sets 413 itself for a Content-Length over the limit.
  if (too_large || (!complete && res.status == 413)) {
    fail(res, 413, fmt::format("the request is larger than {} bytes", limit));
    return std::nullopt;
  }
  if (!complete) {
    fail(res, 400, "the request body did not arrive whole");
    return std::nullopt;
  }
  return body;
}

class Handlers {
 public:
  Handlers(const Profile& profile, const ServeOptions& options) : profile_(profile), options_(options) {}

  // POST /v2/check: fields in the form body and in the query string.
  void languagetool_check(const httplib::Request& req, httplib::Response& res,
                          const httplib::ContentReader& reader) const {
    if (req.is_multipart_form_data()) {
      return fail(res, 400, "send the fields form-encoded (application/x-www-form-urlencoded)");
    }
    const std::optional<std::string> body = read_body(reader, res, options_.max_body);
    if (!body) return;
    Expected<std::vector<std::pair<std::string, std::string>>> fields = lt::parse_form(*body);
    if (!fields) return fail(res, 400, fields.error().message);
    std::map<std::string, std::string> field;
    for (const auto& [key, value] : req.params) field[key] = value;
    for (auto& [key, value] : fields.value()) field[key] = std::move(value);
    languagetool_answer(field, res);
  }

  // GET /v2/check: the fields in the query string.
  void languagetool_check(const httplib::Request& req, httplib::Response& res) const {
    std::map<std::string, std::string> field;
    for (const auto& [key, value] : req.params) field[key] = value;
    languagetool_answer(field, res);
  }

  // The answer to a check with these fields.
  void languagetool_answer(const std::map<std::string, std::string>& field, httplib::Response& res) const {
    auto get = [&](const char* key) -> const std::string* {
      const auto it = field.find(key);
      return it == field.end() ? nullptr : &it->second;
    };
    const std::string* language = get("language");
    if (!language) return fail(res, 400, "Missing 'language' parameter, e.g. 'language=de-DE' or 'language=auto'");
    const std::string code = lt::language_code(*language);
    if (code.empty())
      return fail(res, 400, "tonfall checks German: 'language' is de, de-DE, de-AT, de-CH or auto, not '" +
                                *language + "'");
    Expected<lt::CheckedText> text = [&]() -> Expected<lt::CheckedText> {
      if (const std::string* data = get("data")) return lt::CheckedText::annotated(*data);
      if (const std::string* plain = get("text")) return lt::CheckedText::plain(*plain);
      return Error{"", 0, 0, "Missing 'text' or 'data' parameter"};
    }();
    if (!text) return fail(res, 400, text.error().message);
    lt::RuleChoice choice;
    if (const std::string* list = get("enabledRules")) choice.enabled_rules = names_of(*list);
    if (const std::string* list = get("disabledRules")) choice.disabled_rules = names_of(*list);
    if (const std::string* list = get("enabledCategories")) choice.enabled_categories = names_of(*list);
    if (const std::string* list = get("disabledCategories")) choice.disabled_categories = names_of(*list);
    if (const std::string* only = get("enabledOnly")) choice.enabled_only = *only == "true";
    if (choice.enabled_only && choice.enabled_rules.empty() && choice.enabled_categories.empty())
      return fail(res, 400, "enabledOnly=true needs 'enabledRules' or 'enabledCategories'");
    // Hints (info) only when the client asks for everything.
    const std::string* level = get("level");
    const bool picky = level && *level == "picky";

    FileResult result = check_source(Source{"", text->linted()}, *profile_.engine, InputFormat::text, {},
                                     profile_.settings);
    if (result.error) return fail(res, 400, result.error->message);
    std::vector<Finding> shown;
    for (Finding& finding : result.findings)
      if (choice.allows(*finding.rule) && (picky || finding.severity() != Severity::info))
        shown.push_back(std::move(finding));
    res.set_content(dump(lt::check_answer(*text, shown, code, TONFALL_VERSION)), "application/json");
  }

  // POST /v1/check and /v1/fix: {"text", "format"?, "address"?}, answered
  // with the JSON of check and fix --format json.
  void own_json(httplib::Response& res, const httplib::ContentReader& reader, bool fix) const {
    const std::optional<std::string> body = read_body(reader, res, options_.max_body);
    if (!body) return;
    if (nests_deeper_than(*body, kMaxMessageDepth))
      return fail(res, 400, fmt::format("the JSON nests more than {} levels deep", kMaxMessageDepth));
    const Json request = Json::parse(*body, nullptr, false);
    if (request.is_discarded() || !request.is_object())
      return fail(res, 400, "expected a JSON object: {\"text\": \"…\", \"format\"?: \"text\", \"address\"?: \"Sie\"}");
    const auto text = request.find("text");
    if (text == request.end() || !text->is_string()) return fail(res, 400, "\"text\" (a string) is missing");
    InputFormat format = InputFormat::text;
    if (const auto name = request.find("format"); name != request.end()) {
      const std::optional<InputFormat> parsed = name->is_string() ? parse_input_format(name->get<std::string>()) : std::nullopt;
      if (!parsed || (*parsed != InputFormat::text && *parsed != InputFormat::markdown &&
                      *parsed != InputFormat::html && *parsed != InputFormat::email))
        return fail(res, 400, "\"format\" is text, markdown, html or email");
      format = *parsed;
    }
    LintSettings settings = profile_.settings;
    if (const auto address = request.find("address"); address != request.end()) {
      const std::string value = address->is_string() ? address->get<std::string>() : "";
      if (value == "Sie" || value == "sie") settings.address = Address::sie;
      else if (value == "du") settings.address = Address::du;
      else return fail(res, 400, "\"address\" is Sie or du");
    }
    Source source{"-", text->get<std::string>()};
    std::ostringstream out;
    if (fix) {
      write_fix_json(out, fix_source(std::move(source), *profile_.engine, {}, format, settings, NewPlaceholders::hold));
    } else {
      FileResult result = check_source(std::move(source), *profile_.engine, format, {}, settings);
      std::unique_ptr<Reporter> reporter = make_reporter(Format::json, out, {false, false, TONFALL_VERSION});
      Summary summary;
      summary.add(result);
      reporter->add(result);
      reporter->finish(summary);
    }
    res.set_content(out.str(), "application/json");
  }

  // The categories of the active rules with their German names, for the page.
  Json categories() const {
    Json names = Json::object();
    for (const Rule* rule : profile_.rules.active) names[rule->category] = lt::category_name(rule->category);
    return names;
  }

  Json health() const {
    return {{"status", "ok"}, {"version", TONFALL_VERSION}, {"rules", profile_.rules.active.size()}};
  }

 private:
  const Profile& profile_;
  const ServeOptions& options_;
};

bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

int run_serve(const ServeOptions& options) {
  ConfigCache configs;
  std::optional<Config> named;
  const Config* config = config_named_or_found(options.config, configs, named);
  if (!config) return kExitError;
  Profile profile;
  if (std::optional<Error> error = build_profile(*config, options.rules, profile)) {
    print_error(*error);
    return kExitError;
  }
  const Handlers handlers(profile, options);

  // SIGINT and SIGTERM are taken by one thread, which stops the server: the
  // requests in flight are answered, then the process exits.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  Server server{std::chrono::seconds(options.timeout)};
  server.new_task_queue = [&] { return new Workers(options.threads); };
  server.set_payload_max_length(options.max_body);
  server.set_keep_alive_max_count(100);
  server.set_keep_alive_timeout(5);
  server.set_read_timeout(5);
  server.set_write_timeout(5);
  server.set_default_headers({{"X-Content-Type-Options", "nosniff"}});

  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    if (!options.allow_origin.empty()) {
      const std::string origin = req.get_header_value("Origin");
      if (options.allow_origin == "*" || origin == options.allow_origin)
        res.set_header("Access-Control-Allow-Origin", options.allow_origin == "*" ? "*" : origin);
      if (options.allow_origin != "*") res.set_header("Vary", "Origin");
      if (req.method == "OPTIONS") {
        res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        res.set_header("Access-Control-Allow-Headers", "Content-Type");
        res.set_header("Access-Control-Max-Age", "600");
        // A public page may call this server on the writer's own machine.
        if (req.has_header("Access-Control-Request-Private-Network"))
          res.set_header("Access-Control-Allow-Private-Network", "true");
        res.status = 204;
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    // Bodies only where one is read, within the limit and as sent: httplib
    // would read any other whole, and inflate a compressed one.
    const bool has_body = req.get_header_value<uint64_t>("Content-Length") > 0 || req.has_header("Transfer-Encoding");
    const bool takes_body = req.method == "POST" && (req.path == "/v2/check" || req.path == "/v1/check" ||
                                                     req.path == "/v1/fix");
    if (has_body && !takes_body) {
      fail(res, 413, "this endpoint takes no request body");
      return httplib::Server::HandlerResponse::Handled;
    }
    const std::string encoding = req.get_header_value("Content-Encoding");
    if (!encoding.empty() && encoding != "identity") {
      fail(res, 415, "send the body uncompressed (no Content-Encoding)");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.Post("/v2/check", [&](const httplib::Request& req, httplib::Response& res,
                               const httplib::ContentReader& reader) { handlers.languagetool_check(req, res, reader); });
  server.Get("/v2/check", [&](const httplib::Request& req, httplib::Response& res) {
    handlers.languagetool_check(req, res);
  });
  server.Get("/v2/languages", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(dump(lt::languages()), "application/json");
  });
  server.Get("/v2/info", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(dump(Json{{"software", lt::software(TONFALL_VERSION)}}), "application/json");
  });
  server.Post("/v1/check", [&](const httplib::Request&, httplib::Response& res,
                               const httplib::ContentReader& reader) { handlers.own_json(res, reader, false); });
  server.Post("/v1/fix", [&](const httplib::Request&, httplib::Response& res,
                             const httplib::ContentReader& reader) { handlers.own_json(res, reader, true); });
  server.Get("/v1/categories", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(dump(handlers.categories()), "application/json");
  });
  server.Get("/health", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(dump(handlers.health()), "application/json");
  });
  for (const WebFile& file : web_files()) {
    server.Get(std::string(file.path), [&file](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Security-Policy",
                     "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:");
      res.set_header("Cache-Control", "no-cache");
      res.set_content(std::string(file.content), std::string(file.type));
    });
  }
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    switch (res.status) {
      case 404: return fail(res, 404, "no such endpoint; see GET / and the API under /v2 and /v1");
      case 413: return fail(res, 413, "the request is too large");
      case 414: return fail(res, 414, "the request line is too long");
      default: return fail(res, res.status, "the request cannot be answered");
    }
  });
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
    // The details go to the log, not to the client.
    std::string what = "unknown";
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    complain("internal error answering {} {}: {}", req.method, req.path, what);
    fail(res, 500, "internal error");
  });

  const int port = options.port == 0 ? server.bind_to_any_port(options.host)
                                     : (server.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port < 0) {
    complain("cannot listen on {}:{}: {}", options.host, options.port, std::strerror(errno));
    return kExitError;
  }
  if (!is_loopback(options.host))
    complain("listening on {}: anyone who can reach this address can send texts to check", options.host);
  const std::string address = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  complain("serving on http://{}:{}/ (LanguageTool API: http://{}:{}/v2)", address, port, address, port);
  std::atomic<bool> listening_ended{false};
  std::thread stopper([&] {
    // Waits for a signal in steps, to notice when the server stopped for
    // another reason.
    const timespec step{0, 100'000'000};
    while (!listening_ended && sigtimedwait(&stop_signals, nullptr, &step) < 0) {
    }
    if (listening_ended) return;
    // A second signal ends the process at once, while the first lets the
    // requests in flight finish.
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
    // stop() does nothing before the server runs: a signal in its first
    // moments waits for that.
    while (!server.is_running() && !listening_ended) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    server.stop();
  });
  server.listen_after_bind();
  listening_ended = true;
  stopper.join();
  return kExitClean;
}

}  // namespace

std::function<int()> setup_serve(CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  app.add_option("--host", options->host, "The address to listen on; another than loopback opens the server to the network")
      ->capture_default_str();
  app.add_option("--port", options->port, "The port to listen on (0: any free port, printed at start)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  options->rules.add_options(app);
  app.add_option("--config", options->config,
                 "The project configuration (.tonfall.yaml) to use; default: the one found from the working folder")
      ->type_name("FILE");
  app.add_option("--allow-origin", options->allow_origin,
                 "Let web pages from ORIGIN (or * for any) call the API from a browser (CORS)")
      ->type_name("ORIGIN");
  app.add_option("--threads", options->threads, "Requests answered at once")->capture_default_str()->check(CLI::Range(1, 256));
  app.add_option("--max-body", options->max_body, "The largest request body in bytes; larger ones get 413")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
  app.add_option("--timeout", options->timeout, "Seconds a request may take to arrive; slower ones get 408")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  app.footer(
      "Endpoints: POST /v2/check, GET /v2/languages and GET /v2/info as LanguageTool's API v2 (point\n"
      "LTeX+, the LanguageTool browser add-on or another LanguageTool client at http://HOST:PORT);\n"
      "POST /v1/check and /v1/fix with {\"text\": …} for tonfall's own JSON; GET /health; the page\n"
      "for writers at /. Beyond the threads, 64 connections wait, more get 503. SIGINT or SIGTERM\n"
      "answers the requests in flight, then stops.");
  return [options] { return run_serve(*options); };
}

}  // namespace tonfall::cli
