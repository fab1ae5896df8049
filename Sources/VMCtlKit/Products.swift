import InfluxDB2
import InfluxDB3
import VMCloud
import VMCtlCore

/// Every product vmctl speaks, in the order help and docs list them: the one list. Adding a product is a
/// module of its own (its descriptor, backend and wire formats) and one line here.
public enum Products {
    public static let registry = ProductRegistry([
        VMCloudProduct.descriptor,
        InfluxDB3Product.dedicated,
        InfluxDB3Product.clustered,
        InfluxDB2Product.descriptor,
    ])
}
