## On the ${board.title}

`${board.name}` is the top module for the ${board.title}: ${board.clockText}; reset until the PLL locks<#if board.resetButton??>
and while ${board.resetButtonText} is pressed</#if>; the network behind a UART (`${board.core}`); LEDs: ${board.ledText}
Pins are in `${board.pcf}` (from ${board.pinSource}).<#if board.note?has_content> ${board.note}</#if>

### Build a bitstream

`make` runs exactly these commands (the Makefile is generated from the same list) and writes `${flow.bitstream}`:

<#list flow.bitstreamCommands as c>
    ${c}
</#list>

FuseSoC users: `${board.name}.core` has `lint`, `sim` (two frames through `${board.core}` in Verilator from reset, answers
checked against the reference's; with weights in SPRAM the weight load comes first, and the simulation-only models in
`sim/` take part) and `synth` (the same yosys and nextpnr options, never `sim/`) targets.

`make report` runs `${flow.reportCommand}`: logic cells, block RAMs, SPRAMs, DSPs, IOs and the Fmax nextpnr reached
for the ${board.clockMhz} MHz constraint. `make prog` runs `${flow.progCommand}`.
<#if flow.load?? && flow.load.uart>

### Weights over the UART

The weights kept in SPRAM are not in the bitstream, nor in the flash: after every configuration (and after a reset)
the design answers nothing until the host has sent them over the UART, and `make prog` writes only the bitstream.
A weight load is the byte `0x57` ('W'), the image's length in 3 bytes, little-endian (${flow.load.bytes} bytes: ${flow.load.lengthBytes}),
then the ${flow.load.bytes} bytes of `${flow.load.image}` as they are in the file (about ${flow.load.milliseconds} ms on the line). The design
answers `0x06` when their CRC-16 is the image's (${flow.load.crc}, CRC-16/CCITT-FALSE as for a flash image) and takes images from
then on; it answers `0xFE` for another CRC, another length, or an image whose bytes stop for ${protocol.timeoutText}, lights
<#if board.rgb>the RGB LED white<#else>the red and green LEDs together</#if>, and answers every frame with the single byte `0xFE` until a load succeeds. Every 'W' starts a new
load (send it only when no answer is pending). `python3 ${flow.hostScript}` sends the weights first by itself.
<#elseif flow.load??>

### Weights in the SPI flash

The weights kept in SPRAM are not in the bitstream: after every configuration the design wakes the flash and reads
`${flow.load.image}` (${flow.load.bytes} bytes) from flash offset ${flow.load.offset} in ${flow.load.milliseconds} ms, and takes images only after that
(a frame sent earlier is answered `0xFF`). `make prog` writes the bitstream at 0 and this image at the offset, so run
it after every rebuild. The design checks the CRC-16 of what it read against the image's (${flow.load.crc}): if they differ
(erased or stale flash, another design's image), the red and green LEDs light together and every frame is answered
with the single byte `0xFE`; write the weights again with `make prog`.
</#if>

### Talk to it over the UART

${protocol.baud} baud (the divisor ${protocol.cyclesPerBit} of the ${board.clockMhz} MHz clock gives ${protocol.actualBaud} baud), 8 data bits, no
parity, 1 stop bit. Send one frame per image:

| byte(s) | meaning |
|---|---|
| `0x43` ('C') or `0x4C` ('L') | classify; 'L' also asks for the logits |
| ${protocol.imageBytes} bytes | the ${protocol.inputValues} input values, ${protocol.bytesPerValue} byte(s) each (little-endian two's complement of the ${protocol.inputType} value), ${protocol.orderText} |

<#if protocol.logitsAnswer>
The answer is the class byte (0..${protocol.classesLast}) and, after 'L', the ${protocol.classes} logits, ${protocol.bytesPerLogit} byte(s) each,
little-endian, sign-extended (${protocol.logitType}).<#else>
The answer is the class byte (0..${protocol.classesLast}), after 'L' too: this design does not send its logits. Their
registers and the multiplexer that picks their bytes would take about ${protocol.logitAnswerCells} logic cells more, which the
UP5K did not have left or which `--no-logit-answer` gave to speed.</#if> A frame whose bytes stop for ${protocol.timeoutText} or longer, or in which a byte has a
bad stop bit, is answered with the single byte `0xFF`: the board fills the rest of the image with zeros and drops
its result, so the next frame is a new image. Between frames, bytes other than 'C' and 'L' are ignored. After an
`0xFF`, wait ${protocol.timeoutText}, discard what has arrived, and send the next frame. Pixels go into the network as they arrive, so
an image takes about ${protocol.frameMilliseconds} ms on the line; the network itself needs ${protocol.networkMicroseconds} us of that.

`python3 ${flow.hostScript} --port /dev/ttyUSB1 --vectors DIR` sends the test vectors in DIR (written by
`bwn verify MODEL --vectors N --jobs 1 --work W` leaves them in `W/vectors/slice-000`) and checks every answer bit for bit (`--logits` for the logits
too); `--idx t10k-images-idx3-ubyte.gz --labels t10k-labels-idx1-ubyte.gz` sends MNIST test images and prints the
accuracy. It needs Python 3, and uses pyserial when installed (else termios). The serial port is
${board.serialPortText}.

`bwn verify MODEL --target board --design .` simulates `${board.core}` in Verilator with this protocol, bit by bit on
the UART lines at the real divisor, and compares every answer with the Java reference.
