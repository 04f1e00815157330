// `spipsim serve` as a user meets it: bad options and a port already taken are bad input
// (exit 2) with a message naming the problem; nothing is served.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "tests/cli/app/cli_fixture.hpp"

namespace spipsim::cli_test {
namespace {

TEST_F(CliTest, ServeRefusesAPortOutOfRange) {
  const Result r = spipsim("serve --port 70000 --workspace ws");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--port"), std::string::npos) << r.err;
}

TEST_F(CliTest, ServeSaysWhenThePortIsTaken) {
  // Hold a loopback port, then ask the workbench for it.
  const int holder = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(holder, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ASSERT_EQ(::bind(holder, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(holder, 1), 0);
  socklen_t size = sizeof address;
  ASSERT_EQ(::getsockname(holder, reinterpret_cast<sockaddr*>(&address), &size), 0);
  const int port = ntohs(address.sin_port);
  const Result r = spipsim("serve --port " + std::to_string(port) + " --workspace ws");
  ::close(holder);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("cannot listen on 127.0.0.1:" + std::to_string(port)), std::string::npos)
      << r.err;
  EXPECT_EQ(r.out.find("open http://"), std::string::npos);
}

}  // namespace
}  // namespace spipsim::cli_test
