#include "http_client.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace beacon::testing {

std::string HttpReply::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

HttpClient::~HttpClient() { Close(); }

void HttpClient::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buffer_.clear();
}

Status HttpClient::Connect(std::uint16_t port, int timeout_ms) {
  Close();
  port_ = port;
  timeout_ms_ = timeout_ms;
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return UnavailableError(fmt::format("socket: {}", std::strerror(errno)));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
    const int e = errno;
    Close();
    return UnavailableError(fmt::format("connect to 127.0.0.1:{}: {}", port, std::strerror(e)));
  }
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return OkStatus();
}

Status HttpClient::SendRaw(std::string_view bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return UnavailableError(fmt::format("send: {}", std::strerror(errno)));
    sent += static_cast<std::size_t>(n);
  }
  return OkStatus();
}

Result<std::string> HttpClient::ReadSome() {
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, timeout_ms_);
  if (ready <= 0) return DeadlineExceededError("no answer in time");
  char buf[65536];
  const ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
  if (n <= 0) return UnavailableError("the server closed the connection");
  return std::string(buf, static_cast<std::size_t>(n));
}

Result<HttpReply> HttpClient::ReadReply() {
  std::size_t header_end;
  while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    BEACON_ASSIGN_OR_RETURN(std::string more, ReadSome());
    buffer_ += more;
  }
  HttpReply r;
  const std::string head = buffer_.substr(0, header_end);
  if (head.size() < 12 || head.rfind("HTTP/1.1 ", 0) != 0) {
    return DataLossError(fmt::format("not an HTTP/1.1 response: '{}'", head.substr(0, 40)));
  }
  r.status = std::stoi(head.substr(9, 3));
  std::size_t length = 0;
  for (std::size_t pos = head.find("\r\n"); pos != std::string::npos;) {
    const std::size_t next = head.find("\r\n", pos + 2);
    const std::string line =
        head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
    const std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      if (name == "content-length") length = std::stoul(value);
      r.headers.emplace_back(std::move(name), std::move(value));
    }
    pos = next;
  }
  const std::size_t body_start = header_end + 4;
  while (buffer_.size() < body_start + length) {
    BEACON_ASSIGN_OR_RETURN(std::string more, ReadSome());
    buffer_ += more;
  }
  r.body = buffer_.substr(body_start, length);
  buffer_.erase(0, body_start + length);
  if (r.Header("connection") == "close") Close();
  return r;
}

Result<HttpReply> HttpClient::Send(
    const std::string& method, const std::string& target, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  if (fd_ < 0) BEACON_RETURN_IF_ERROR(Connect(port_, timeout_ms_));
  std::string req = fmt::format("{} {} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: {}\r\n",
                                method, target, port_, body.size());
  if (!body.empty()) req += "Content-Type: application/json\r\n";
  for (const auto& [k, v] : headers) req += fmt::format("{}: {}\r\n", k, v);
  req += "\r\n";
  req += body;
  if (Status s = SendRaw(req); !s.ok()) {
    Close();
    return s;
  }
  auto r = ReadReply();
  if (!r.ok()) Close();
  return r;
}

}  // namespace beacon::testing
