#include "sim/serve/workbench_server.hpp"

#include <httplib.h>

#include <atomic>
#include <random>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#include "sim/serve/job_queue.hpp"
#include "sim/serve/parameter_catalogue.hpp"
#include "sim/serve/scenario_draft.hpp"

namespace spipsim::serve {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string random_token() {
  std::random_device device;
  static const char* hex = "0123456789abcdef";
  std::string token;
  for (int i = 0; i < 32; ++i) token += hex[device() % 16];
  return token;
}

void send_json(httplib::Response& res, const json& body, int status = 200) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, {{"error", message}}, status);
}

json diagnostics_json(const std::vector<params::Diagnostic>& problems) {
  json out = json::array();
  for (const params::Diagnostic& d : problems)
    out.push_back({{"key", d.key}, {"rule", d.rule}, {"hint", d.hint}, {"message", d.format()}});
  return out;
}

json job_json(const JobState& job) {
  return {{"id", job.id},          {"base", job.request.base},
          {"variants", job.request.variants}, {"replicates", job.request.replicates},
          {"years", job.request.years},       {"threads", job.request.threads},
          {"status", job.status},  {"progress", job.progress},
          {"message", job.message}, {"created", job.created}};
}

json entry_json(const ScenarioEntry& e) {
  json sets = json::array();
  for (const auto& [key, value] : e.sets) sets.push_back({{"key", key}, {"value", value}});
  return {{"name", e.name},         {"origin", e.origin},   {"description", e.description},
          {"extends", e.extends},   {"sets", sets},         {"dated_changes", e.dated_changes},
          {"problem", e.problem}};
}

std::vector<std::pair<std::string, std::string>> key_texts(const json& object) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, value] : object.items())
    out.emplace_back(key, value.is_string() ? value.get<std::string>() : value.dump());
  return out;
}

ScenarioDraft draft_from(const json& body) {
  ScenarioDraft draft;
  draft.name = body.value("name", "");
  draft.base = body.value("base", "");
  draft.description = body.value("description", "");
  if (body.contains("values")) draft.values = key_texts(body.at("values"));
  if (body.contains("changes"))
    for (const json& c : body.at("changes"))
      draft.changes.push_back(DraftChange{c.value("at", ""), key_texts(c.value("sets", json::object()))});
  return draft;
}

// The downloads of a job, by the name the page asks for: (file in the job folder, type).
const std::map<std::string, std::pair<std::string, std::string>>& downloads() {
  static const std::map<std::string, std::pair<std::string, std::string>> files = {
      {"comparison.h5", {"comparison.h5", "application/x-hdf5"}},
      {"headlines.csv", {"headlines.csv", "text/csv"}},
      {"differences.csv", {"differences.csv", "text/csv"}},
      {"sites.csv", {"sites.csv", "text/csv"}},
      {"report.html", {"report/report.html", "text/html"}},
      {"results.json", {"results.json", "application/json"}}};
  return files;
}

std::string content_type(const fs::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  return "application/octet-stream";
}

// A static file name: letters, digits, '.', '-', '_', no leading dot, no "..".
bool is_static_name(const std::string& name) {
  if (name.empty() || name.size() > 100 || name.front() == '.' ||
      name.find("..") != std::string::npos)
    return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'))
      return false;
  return true;
}

// "192.168.1.5" or "[fe80::1]": an address, not a name.
bool is_ip_literal(const std::string& host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    return host.find_first_not_of("0123456789abcdefABCDEF:.", 1) == host.size() - 1;
  return !host.empty() && host.find_first_not_of("0123456789.") == std::string::npos;
}

}  // namespace

struct WorkbenchServer::Impl {
  ServeOptions options;
  Workspace workspace;
  ScenarioLibrary library;
  JobQueue jobs;
  httplib::Server http;
  int port = 0;
  std::atomic<bool> stopping{false};
  std::atomic<bool> run_entered{false}, run_finished{false};

  explicit Impl(ServeOptions o)
      : options(std::move(o)),
        workspace(options.workspace),
        library(options.shipped_dir, workspace),
        jobs(workspace, library, options.thread_budget, options.source_dir) {
    if (options.token.empty()) options.token = random_token();
    // SSE connections hold a thread each; leave room for the page's other requests.
    http.new_task_queue = [] { return new httplib::ThreadPool(16); };
    http.set_payload_max_length(kMaxBody);
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      return guard(req, res) ? httplib::Server::HandlerResponse::Unhandled
                             : httplib::Server::HandlerResponse::Handled;
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                  std::exception_ptr ep) {
      std::string what = "internal error";
      try {
        std::rethrow_exception(ep);
      } catch (const json::exception& e) {
        send_error(res, 400, std::string("bad JSON: ") + e.what());
        return;
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      send_error(res, 500, what);
    });
    routes();
    port = options.port == 0 ? http.bind_to_any_port(options.host)
                             : (http.bind_to_port(options.host, options.port) ? options.port : -1);
    if (port <= 0)
      throw std::runtime_error("cannot listen on " + options.host + ":" +
                               std::to_string(options.port) +
                               " (in use? choose another with --port)");
  }

  std::string origin() const {
    return "http://" + options.host + ":" + std::to_string(port);
  }

  // Host must name this server; a POST needs the token, and a foreign Origin is refused.
  bool guard(const httplib::Request& req, httplib::Response& res) {
    const std::string host = req.get_header_value("Host");
    const std::string suffix = ":" + std::to_string(port);
    bool host_ok = host == options.host + suffix || host == "localhost" + suffix ||
                   host == "127.0.0.1" + suffix;
    // Listening on every address (--host 0.0.0.0): the machine's IP addresses name it too.
    // Only literal addresses, so a rebound DNS name is still refused.
    if (!host_ok && (options.host == "0.0.0.0" || options.host == "::") &&
        host.ends_with(suffix))
      host_ok = is_ip_literal(host.substr(0, host.size() - suffix.size()));
    if (!host_ok) {
      send_error(res, 403, "unexpected Host header");
      return false;
    }
    if (req.method == "GET" || req.method == "HEAD") return true;
    const std::string origin_header = req.get_header_value("Origin");
    if (!origin_header.empty() && origin_header != "http://" + host) {
      send_error(res, 403, "cross-origin request refused");
      return false;
    }
    if (req.get_header_value("X-Spipsim-Token") != options.token) {
      send_error(res, 403, "missing or wrong session token");
      return false;
    }
    return true;
  }

  void serve_static(const fs::path& file, httplib::Response& res, bool with_token) {
    std::optional<std::string> text = read_file(file);
    if (!text) return send_error(res, 404, "not found");
    if (with_token) {
      const std::string mark = "{{SPIPSIM_TOKEN}}";
      if (const std::size_t at = text->find(mark); at != std::string::npos)
        text->replace(at, mark.size(), options.token);
    }
    res.set_header("Cache-Control", "no-store");
    res.set_content(*text, content_type(file).c_str());
  }

  void routes() {
    http.Get("/", [this](const httplib::Request&, httplib::Response& res) {
      serve_static(options.web_dir / "index.html", res, true);
    });
    http.Get(R"(/static/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      const std::string name = req.matches[1];
      if (!is_static_name(name) || name == "index.html") return send_error(res, 404, "not found");
      serve_static(options.web_dir / name, res, false);
    });
    http.Get(R"(/vendor/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      const std::string name = req.matches[1];
      if (!is_static_name(name)) return send_error(res, 404, "not found");
      serve_static(options.web_dir / "vendor" / name, res, false);
    });
    http.Get("/api/config", [this](const httplib::Request&, httplib::Response& res) {
      send_json(res, {{"thread_budget", jobs.thread_budget()},
                      {"workspace", workspace.root().string()}});
    });
    http.Get("/api/parameters", [](const httplib::Request&, httplib::Response& res) {
      send_json(res, parameter_catalogue());
    });
    http.Get("/api/scenarios", [this](const httplib::Request&, httplib::Response& res) {
      json out = json::array();
      for (const ScenarioEntry& e : library.list()) out.push_back(entry_json(e));
      send_json(res, out);
    });
    http.Get(R"(/api/scenarios/([^/]+))", [this](const httplib::Request& req,
                                                  httplib::Response& res) {
      const std::optional<ScenarioEntry> entry = library.find(req.matches[1]);
      if (!entry) return send_error(res, 404, "no such scenario");
      json out = entry_json(*entry);
      if (entry->problem.empty()) {
        const json values = scenario_values(params::load_scenario(entry->path));
        out["values"] = values["values"];
        out["timeline"] = values["timeline"];
      }
      if (entry->origin == "workspace") out["toml"] = read_file(entry->path).value_or("");
      send_json(res, out);
    });
    http.Post("/api/drafts/check", [this](const httplib::Request& req, httplib::Response& res) {
      const DraftCheck check = check_draft(draft_from(json::parse(req.body)), library, workspace);
      send_json(res, {{"problems", diagnostics_json(check.problems)}, {"toml", check.toml}});
    });
    http.Post("/api/scenarios", [this](const httplib::Request& req, httplib::Response& res) {
      const ScenarioDraft draft = draft_from(json::parse(req.body));
      const DraftCheck check = save_draft(draft, library, workspace);
      send_json(res,
                {{"problems", diagnostics_json(check.problems)}, {"toml", check.toml},
                 {"saved", check.problems.empty() ? draft.name : ""}},
                check.problems.empty() ? 201 : 422);
    });
    http.Get("/api/jobs", [this](const httplib::Request&, httplib::Response& res) {
      json out = json::array();
      for (const JobState& job : jobs.list()) out.push_back(job_json(job));
      send_json(res, out);
    });
    http.Post("/api/jobs", [this](const httplib::Request& req, httplib::Response& res) {
      const json body = json::parse(req.body);
      JobRequest request;
      request.base = body.value("base", "");
      request.variants = body.value("variants", std::vector<std::string>{});
      request.replicates = body.value("replicates", "");
      request.years = body.value("years", "");
      request.threads = body.value("threads", 1);
      auto result = jobs.submit(request);
      if (auto* job = std::get_if<JobState>(&result)) return send_json(res, job_json(*job), 201);
      send_json(res, {{"problems", diagnostics_json(std::get<1>(result))}}, 422);
    });
    http.Post(R"(/api/jobs/([^/]+)/cancel)", [this](const httplib::Request& req,
                                                     httplib::Response& res) {
      if (!jobs.get(req.matches[1])) return send_error(res, 404, "no such job");
      send_json(res, {{"cancelled", jobs.cancel(req.matches[1])}});
    });
    http.Get(R"(/api/jobs/([^/]+)/files/([^/]+))", [this](const httplib::Request& req,
                                                         httplib::Response& res) {
      const std::string id = req.matches[1], name = req.matches[2];
      const auto file = downloads().find(name);
      if (!jobs.get(id) || file == downloads().end()) return send_error(res, 404, "not found");
      const fs::path path = *workspace.job_dir(id) / file->second.first;
      std::optional<std::string> bytes = read_file(path);
      if (!bytes) return send_error(res, 404, "not available for this job");
      if (name != "report.html" && name != "results.json")
        res.set_header("Content-Disposition",
                       "attachment; filename=\"" + id + "-" + name + "\"");
      res.set_content(std::move(*bytes), file->second.second.c_str());
    });
    http.Get("/api/events", [this](const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "no-store");
      auto seen = std::make_shared<std::uint64_t>(0);
      res.set_chunked_content_provider(
          "text/event-stream", [this, seen](std::size_t, httplib::DataSink& sink) {
            if (stopping) return false;
            const std::uint64_t now =
                jobs.wait_for_change(*seen, std::chrono::milliseconds(*seen ? 1000 : 0));
            if (stopping) return false;
            if (now == *seen) {
              static const std::string keepalive = ": keep-alive\n\n";
              return sink.write(keepalive.data(), keepalive.size());
            }
            *seen = now;
            json out = json::array();
            for (const JobState& job : jobs.list()) out.push_back(job_json(job));
            const std::string event = "event: jobs\ndata: " + out.dump() + "\n\n";
            return sink.write(event.data(), event.size());
          });
    });
  }
};

WorkbenchServer::WorkbenchServer(ServeOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

WorkbenchServer::~WorkbenchServer() { stop(); }

int WorkbenchServer::port() const { return impl_->port; }
const std::string& WorkbenchServer::token() const { return impl_->options.token; }
std::string WorkbenchServer::address() const { return impl_->origin() + "/"; }

void WorkbenchServer::run() {
  impl_->run_entered = true;
  if (!impl_->stopping) impl_->http.listen_after_bind();
  impl_->run_finished = true;
}

// httplib's stop() does nothing before listen has started, so a stop() that races a run()
// just starting repeats until run() has returned.
void WorkbenchServer::stop() {
  impl_->stopping = true;
  while (impl_->run_entered && !impl_->run_finished) {
    impl_->http.stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace spipsim::serve
