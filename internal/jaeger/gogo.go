package jaeger

import "fmt"

// gogoCodec encodes api_v2's gogo-generated messages with their own
// Marshal/Unmarshal methods. The default codec (google.golang.org/protobuf)
// reflects over them and panics on custom field types such as
// GetTraceRequest's model.TraceID.
type gogoCodec struct{}

func (gogoCodec) Name() string { return "proto" }

func (gogoCodec) Marshal(v any) ([]byte, error) {
	m, ok := v.(interface{ Marshal() ([]byte, error) })
	if !ok {
		return nil, fmt.Errorf("gogo codec: %T has no Marshal method", v)
	}
	return m.Marshal()
}

func (gogoCodec) Unmarshal(data []byte, v any) error {
	m, ok := v.(interface{ Unmarshal([]byte) error })
	if !ok {
		return fmt.Errorf("gogo codec: %T has no Unmarshal method", v)
	}
	return m.Unmarshal(data)
}
