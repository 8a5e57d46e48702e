package africa.bengobox.auth.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection to the server under test, used by one virtual user at a time: blocking socket
 * I/O, requests written in one piece, responses read by {@code Content-Length} or chunked encoding. The load driver
 * shares the server's cores, so its cost per request is taken out of the figures it reports: {@code java.net.http}
 * (an asynchronous client with its own selector thread and executor hand-offs) used about 0.85 ms of CPU per request
 * here, more than a tenth of a sign-in's whole cost on the server. wrk, for the single-request scenarios, is as lean.
 */
final class Http1Connection implements AutoCloseable {

    record Response(int status, List<String[]> headers, String body) {

        /** The first value of a header (case-insensitive name), or null. */
        String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : values.getFirst();
        }

        /** Every value of a header (case-insensitive name), in the order received. */
        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String[] header : headers) {
                if (header[0].equalsIgnoreCase(name)) {
                    values.add(header[1]);
                }
            }
            return values;
        }
    }

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Http1Connection(String host, int port, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Sends one request ({@code target} is the path and query) and reads its response. A request on a kept-alive
     * connection that the server closed meanwhile is sent once more on a new connection.
     */
    Response exchange(String method, String target, List<String> headerLines, String body) throws IOException {
        byte[] request = request(method, target, headerLines, body);
        boolean reused = socket != null;
        try {
            return send(request);
        } catch (IOException e) {
            close();
            if (!reused) {
                throw e;
            }
            return send(request);
        }
    }

    private byte[] request(String method, String target, List<String> headerLines, String body) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(content, 0, all, headBytes.length, content.length);
        return all;
    }

    private Response send(byte[] request) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
        }
        out.write(request);
        out.flush();

        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        List<String[]> headers = new ArrayList<>();
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            headers.add(new String[] {name, value});
            switch (name.toLowerCase(Locale.ROOT)) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> {
                }
            }
        }
        String body;
        if (status == 204 || status == 304 || status / 100 == 1) {
            body = "";
        } else if (chunked) {
            body = chunkedBody();
        } else if (length >= 0) {
            body = new String(exactly((int) length), StandardCharsets.UTF_8);
        } else { // no length: the body runs to the end of the connection
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            close = true;
        }
        if (close) {
            close();
        }
        return new Response(status, headers, body);
    }

    private String chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) { // trailers
                }
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(exactly(size));
            line();
        }
    }

    private byte[] exactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("connection closed by the server in the middle of a body");
        }
        return bytes;
    }

    /** One header line without its CRLF (ISO-8859-1, as HTTP/1.1 header bytes are). */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a socket we give up on: nothing to do
            }
            socket = null;
        }
    }
}
