/*
 * page.c - the page httpd serves at /: compiled in, as an appliance has
 * no file system. 612 bytes, the size of the page the Linux + nginx
 * yardstick serves (make bench), so the two are measured alike.
 */
#include "httpd.h"

const char page[] =
	"<!DOCTYPE html>\n"
	"<html>\n"
	"<head>\n"
	"<title>Welcome to goro!</title>\n"
	"<style>\n"
	"    body {\n"
	"        width: 35em;\n"
	"        margin: 0 auto;\n"
	"        font-family: Tahoma, Verdana, Arial, sans-serif;\n"
	"    }\n"
	"</style>\n"
	"</head>\n"
	"<body>\n"
	"<h1>Welcome to goro!</h1>\n"
	"<p>If you see this page, the goro HTTP appliance is serving you: a\n"
	"goroutine per connection, on lwIP, on bare metal.</p>\n"
	"\n"
	"<p>Its figures are at <a href=\"/stats\">/stats</a>: goroutines, stacks,\n"
	"memory, CPUs and the network stack's pools, as plain text.</p>\n"
	"\n"
	"<p>This page is compiled into the appliance itself.</p>\n"
	"\n"
	"<p><em>Thank you for trying goro.</em></p>\n"
	"</body>\n"
	"</html>\n";
const size_t pagelen = sizeof page - 1;
